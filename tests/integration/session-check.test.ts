/**
 * The per-request session check (docs/decisions/014): a verdict this instance reached is reused for
 * SESSION_CHECK_CACHE_MS without a query; a sign-out on this instance takes effect at once, one on
 * another instance (simulated by writing its rows directly) once that time has passed; the
 * absolute lifetime is checked on every request. `getActor` reads the cookie itself and applies
 * the same check.
 */
import { randomUUID } from 'node:crypto'
import { encode, type JWT } from 'next-auth/jwt'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { sessionChecks } from '@/server/auth/session-check-cache'
import { getActor, signOutEverywhere } from '@/server/auth/session'
import { checkSession, createJwtCallback, revokeSession, SESSION_ABSOLUTE_MAX_AGE_SECONDS, SessionRevokedError } from '@/server/auth/session-token'
import { watchQueries } from '@/server/db/client'
import { createTestDb } from '../setup/db'

const jar = new Map<string, string>()
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined) }),
}))

const db = createTestDb()
afterAll(() => db.$disconnect())
afterEach(() => {
  vi.useRealTimers()
  jar.clear()
})

/** A user signed in: the token next-auth's jwt callback minted for them. */
async function signedIn(): Promise<{ userId: string; token: JWT }> {
  const user = await db.user.create({ data: { email: `check-${randomUUID()}@test.tranche`, name: 'Checked' } })
  const token = await createJwtCallback(db)({ token: { sub: user.id }, user: { id: user.id } })
  return { userId: user.id, token }
}

/** How many statements `work` runs, on any client of this process. */
async function statementsOf(work: () => Promise<unknown>): Promise<number> {
  let count = 0
  const stop = watchQueries(() => count++)
  try {
    await work()
  } finally {
    stop()
  }
  return count
}

const refusal = (token: JWT) => checkSession(db, { ...token }).then(() => 'accepted', (error: unknown) => (error instanceof SessionRevokedError ? error.reason : error))
const afterTheDelay = () => vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + sessionChecks().ttlMs })

describe('checkSession', () => {
  it('reuses a verdict within the delay: no query, the user as the database had them', async () => {
    const { userId, token } = await signedIn()
    expect(sessionChecks().ttlMs).toBe(10_000)
    let verdict
    expect(await statementsOf(async () => (verdict = await checkSession(db, { ...token })))).toBe(0)
    expect(verdict).toMatchObject({ userId, name: 'Checked', email: token.email })
    expect(await statementsOf(() => checkSession(db, { ...token }))).toBe(0)
  })

  it('asks the database again once the delay has passed, and then remembers that answer', async () => {
    const { token } = await signedIn()
    afterTheDelay()
    expect(await statementsOf(() => checkSession(db, { ...token }))).toBe(1)
    expect(await statementsOf(() => checkSession(db, { ...token }))).toBe(0)
  })

  it('a sign-out on another instance: still accepted within the delay, refused after it', async () => {
    const { userId, token } = await signedIn()
    await db.revokedSession.create({ data: { id: token.sid!, userId, expiresAt: new Date(Date.now() + 60_000) } })
    expect(await refusal(token)).toBe('accepted')
    afterTheDelay()
    expect(await refusal(token)).toBe('REVOKED')
  })

  it('"sign out everywhere" on another instance: still accepted within the delay, refused after it', async () => {
    const { userId, token } = await signedIn()
    await db.user.update({ where: { id: userId }, data: { sessionEpoch: { increment: 1 } } })
    expect(await refusal(token)).toBe('accepted')
    afterTheDelay()
    expect(await refusal(token)).toBe('SIGNED_OUT_EVERYWHERE')
  })

  it('"sign out" on this instance refuses the session at once; the other sessions stay remembered', async () => {
    const { userId, token } = await signedIn()
    const other = await createJwtCallback(db)({ token: { sub: userId }, user: { id: userId } })
    await revokeSession(db, token)
    expect(await refusal(token)).toBe('REVOKED')
    expect(await statementsOf(() => checkSession(db, { ...other }))).toBe(0)
  })

  it('"sign out everywhere" on this instance refuses every session of the user at once', async () => {
    const { userId, token } = await signedIn()
    const other = await createJwtCallback(db)({ token: { sub: userId }, user: { id: userId } })
    await signOutEverywhere(userId, db)
    expect([await refusal(token), await refusal(other)]).toEqual(['SIGNED_OUT_EVERYWHERE', 'SIGNED_OUT_EVERYWHERE'])
  })

  it('never remembers a refusal: a refused session is looked up each time', async () => {
    const { token } = await signedIn()
    await revokeSession(db, token)
    for (let i = 0; i < 2; i++) expect(await statementsOf(() => refusal(token))).toBe(1)
  })

  it('checks the absolute lifetime on every request, remembered verdict or not', async () => {
    const { token } = await signedIn()
    const nearTheEnd = { ...token, authTime: Math.floor(Date.now() / 1000) - SESSION_ABSOLUTE_MAX_AGE_SECONDS + 2 }
    expect(await refusal(nearTheEnd)).toBe('accepted')
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3_000 })
    let reason
    expect(await statementsOf(async () => (reason = await refusal(nearTheEnd)))).toBe(0)
    expect(reason).toBe('EXPIRED')
  })
})

describe('getActor', () => {
  const secret = process.env.NEXTAUTH_SECRET!
  const cookieOf = (token: JWT) => encode({ token, secret, maxAge: 60 * 60 })

  it('reads the session cookie and applies the same check, usually without a query', async () => {
    const { userId, token } = await signedIn()
    jar.set('next-auth.session-token', await cookieOf(token))
    let actor
    expect(await statementsOf(async () => (actor = await getActor()))).toBe(0)
    expect(actor).toEqual({ userId, email: token.email, name: 'Checked' })
    await signOutEverywhere(userId, db)
    expect(await getActor()).toBeNull()
  })

  it('reads a cookie next-auth split into chunks', async () => {
    const { userId, token } = await signedIn()
    const value = await cookieOf(token)
    jar.set('next-auth.session-token.0', value.slice(0, 100)).set('next-auth.session-token.1', value.slice(100))
    expect(await getActor()).toMatchObject({ userId })
  })

  it('is anonymous without a cookie, with a forged or expired one, or one under another name', async () => {
    const { token } = await signedIn()
    const value = await cookieOf(token)
    expect(await getActor()).toBeNull()
    jar.set('next-auth.session-token', `${value.slice(0, -4)}AAAA`)
    expect(await getActor()).toBeNull()
    jar.set('next-auth.session-token', await encode({ token, secret: `${secret}-other`, maxAge: 60 }))
    expect(await getActor()).toBeNull()
    jar.set('next-auth.session-token', await encode({ token, secret, maxAge: -60 }))
    expect(await getActor()).toBeNull()
    jar.clear()
    jar.set('__Host-next-auth.session-token', value)
    expect(await getActor()).toBeNull()
  })
})
