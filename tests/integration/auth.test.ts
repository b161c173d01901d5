import { randomUUID } from 'node:crypto'
import type { NextAuthOptions, User } from 'next-auth'
import type { JWT } from 'next-auth/jwt'
import type { CredentialsConfig } from 'next-auth/providers/credentials'
import type { EmailConfig } from 'next-auth/providers/email'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createPrismaAdapter } from '@/server/auth/adapter'
import { DEMO_ACCOUNTS } from '@/server/auth/demo-accounts'
import { createAuthOptions, MAGIC_LINK_MAX_AGE_SECONDS } from '@/server/auth/options'
import { SESSION_ABSOLUTE_MAX_AGE_SECONDS, SessionRevokedError } from '@/server/auth/session-token'
import { signOutEverywhere } from '@/server/auth/session'
import { consumeRateLimit } from '@/server/rate-limit'
import { createTestDb } from '../setup/db'
import { findEmails } from '../setup/emails'

const db = createTestDb()
afterAll(() => db.$disconnect())

const ENV = { NEXTAUTH_SECRET: 'test-secret-test-secret-test-secret-0123', DEMO_MODE: true, APP_URL: 'http://localhost:3000', NODE_ENV: 'test', ALLOW_INSECURE_HTTP: false } as const
const DAY_MS = 24 * 60 * 60 * 1000
const uniqueEmail = () => `auth-${randomUUID()}@test.tranche`
const uniqueKey = () => `test:${randomUUID()}`
const createUser = (email = uniqueEmail()) => db.user.create({ data: { email, name: 'Test User' } })

/** next-auth's callbacks with the arguments a session read passes (no user: not a sign-in). */
function callbacksOf(options: NextAuthOptions) {
  const callbacks = options.callbacks!
  return {
    jwt: (args: { token: JWT; user?: User }) => callbacks.jwt!({ account: null, ...args, user: args.user as User }),
    redirect: (url: string) => callbacks.redirect!({ url, baseUrl: ENV.APP_URL }),
  }
}

/** The providers as next-auth sees them: it merges the options we passed (kept under `.options`) over the defaults. */
function providersOf(options: NextAuthOptions) {
  return options.providers.map((p) => ({ ...p, ...(p.options as object) }) as typeof p)
}

function demoProviderOf(options: NextAuthOptions) {
  return providersOf(options).find((p) => p.id === 'demo') as CredentialsConfig | undefined
}

describe('consumeRateLimit', () => {
  const rule = { limit: 3, windowMs: 60_000 }

  it('allows up to the limit, then refuses with the time until the window resets', async () => {
    const key = uniqueKey()
    const now = new Date('2030-01-01T00:00:00Z')
    const results = []
    for (let i = 0; i < 4; i++) results.push(await consumeRateLimit(db, key, rule, now))
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false])
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0])
    expect(results[3]!.retryAfterSeconds).toBe(60)
    expect(results[3]!.resetAt.toISOString()).toBe('2030-01-01T00:01:00.000Z')
  })

  it('starts over when the window has passed', async () => {
    const key = uniqueKey()
    const start = new Date('2030-01-01T00:00:00Z')
    for (let i = 0; i < 4; i++) await consumeRateLimit(db, key, rule, start)
    const stillRefused = await consumeRateLimit(db, key, rule, new Date(start.getTime() + 59_999))
    expect(stillRefused.allowed).toBe(false)
    const later = new Date(start.getTime() + 60_000)
    const fresh = await consumeRateLimit(db, key, rule, later)
    expect(fresh).toMatchObject({ allowed: true, count: 1, remaining: 2 })
    expect(fresh.resetAt.getTime()).toBe(later.getTime() + 60_000)
  })

  it('counts each key on its own', async () => {
    const [a, b] = [uniqueKey(), uniqueKey()]
    const now = new Date()
    for (let i = 0; i < 3; i++) await consumeRateLimit(db, a, rule, now)
    expect((await consumeRateLimit(db, a, rule, now)).allowed).toBe(false)
    expect(await consumeRateLimit(db, b, rule, now)).toMatchObject({ allowed: true, count: 1 })
  })

  it('never allows more than the limit to concurrent requests', async () => {
    const key = uniqueKey()
    const now = new Date()
    const results = await Promise.all(Array.from({ length: 20 }, () => consumeRateLimit(db, key, { limit: 5, windowMs: 60_000 }, now)))
    expect(results.filter((r) => r.allowed)).toHaveLength(5)
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })
})

describe('Prisma adapter', () => {
  const adapter = createPrismaAdapter(db)

  it('creates, finds, links and updates a user', async () => {
    const email = uniqueEmail()
    const created = await adapter.createUser!({ email, emailVerified: null })
    expect(created).toMatchObject({ email, emailVerified: null, sessionEpoch: 0 })
    expect(await adapter.getUser!(created.id)).toMatchObject({ id: created.id, email })
    expect(await adapter.getUserByEmail!(email)).toMatchObject({ id: created.id })
    expect(await adapter.getUserByEmail!(uniqueEmail())).toBeNull()

    const providerAccountId = randomUUID()
    await adapter.linkAccount!({ userId: created.id, type: 'oauth', provider: 'test', providerAccountId })
    expect(await adapter.getUserByAccount!({ provider: 'test', providerAccountId })).toMatchObject({ id: created.id })
    expect(await adapter.getUserByAccount!({ provider: 'test', providerAccountId: randomUUID() })).toBeNull()

    const verifiedAt = new Date('2030-01-01T00:00:00Z')
    expect(await adapter.updateUser!({ id: created.id, emailVerified: verifiedAt, name: 'Renamed' })).toMatchObject({ emailVerified: verifiedAt, name: 'Renamed' })
  })

  it('createUser for an address that exists already returns that user', async () => {
    const existing = await createUser()
    const again = await adapter.createUser!({ email: existing.email, emailVerified: new Date() })
    expect(again.id).toBe(existing.id)
  })

  it('a verification token is used once', async () => {
    const token = { identifier: uniqueEmail(), token: randomUUID(), expires: new Date(Date.now() + 60_000) }
    await adapter.createVerificationToken!(token)
    expect(await adapter.useVerificationToken!({ identifier: token.identifier, token: token.token })).toEqual(token)
    expect(await adapter.useVerificationToken!({ identifier: token.identifier, token: token.token })).toBeNull()
  })

  it('an expired token is refused, and gone', async () => {
    const token = { identifier: uniqueEmail(), token: randomUUID(), expires: new Date(Date.now() - 1) }
    await adapter.createVerificationToken!(token)
    expect(await adapter.useVerificationToken!({ identifier: token.identifier, token: token.token })).toBeNull()
    expect(await db.verificationToken.count({ where: { token: token.token } })).toBe(0)
  })

  it('a token presented for another address is refused', async () => {
    const token = { identifier: uniqueEmail(), token: randomUUID(), expires: new Date(Date.now() + 60_000) }
    await adapter.createVerificationToken!(token)
    expect(await adapter.useVerificationToken!({ identifier: uniqueEmail(), token: token.token })).toBeNull()
  })

  it('of two concurrent uses of one token exactly one succeeds', async () => {
    const token = { identifier: uniqueEmail(), token: randomUUID(), expires: new Date(Date.now() + 60_000) }
    await adapter.createVerificationToken!(token)
    const uses = await Promise.all(Array.from({ length: 5 }, () => adapter.useVerificationToken!({ identifier: token.identifier, token: token.token })))
    expect(uses.filter(Boolean)).toHaveLength(1)
  })
})

describe('jwt callback and sessionEpoch', () => {
  const options = createAuthOptions({ db, env: ENV })
  const { jwt } = callbacksOf(options)

  it('keeps a session until the user signs out everywhere, then refuses it', async () => {
    const user = await createUser()
    const token = await jwt({ token: { sub: user.id, email: user.email }, user: { id: user.id, email: user.email } })
    expect(token).toMatchObject({ sub: user.id, email: user.email, name: 'Test User', epoch: 0 })
    expect(await jwt({ token })).toMatchObject({ sub: user.id, epoch: 0 })

    await signOutEverywhere(user.id, db)
    await expect(jwt({ token })).rejects.toBeInstanceOf(SessionRevokedError)

    // A sign-in after that mints a cookie under the new epoch.
    const fresh = await jwt({ token: { sub: user.id }, user: { id: user.id, email: user.email } })
    expect(fresh.epoch).toBe(1)
    expect(await jwt({ token: fresh })).toMatchObject({ epoch: 1 })
  })

  it('ends a session 30 days after sign-in, however active it was', async () => {
    const user = await createUser()
    const signedIn = Date.now()
    const token = await jwt({ token: { sub: user.id }, user: { id: user.id, email: user.email } })
    try {
      // Read every few hours for 29 days: the idle limit never bites, the absolute one not yet.
      vi.useFakeTimers({ toFake: ['Date'], now: signedIn + 29 * DAY_MS })
      expect(await jwt({ token })).toMatchObject({ sub: user.id })
      vi.setSystemTime(signedIn + SESSION_ABSOLUTE_MAX_AGE_SECONDS * 1000 + 1000)
      await expect(jwt({ token })).rejects.toBeInstanceOf(SessionRevokedError)
    } finally {
      vi.useRealTimers()
    }
    expect(SESSION_ABSOLUTE_MAX_AGE_SECONDS).toBe(30 * 24 * 60 * 60)
  })

  it('refuses a token minted without a session id and sign-in time (before sessions had them)', async () => {
    const user = await createUser()
    await expect(jwt({ token: { sub: user.id, email: user.email, epoch: 0 } })).rejects.toBeInstanceOf(SessionRevokedError)
  })

  it('refuses a token without a user, or for a user that no longer exists', async () => {
    await expect(jwt({ token: {} })).rejects.toBeInstanceOf(SessionRevokedError)
    await expect(jwt({ token: { sub: randomUUID(), epoch: 0 } })).rejects.toBeInstanceOf(SessionRevokedError)
  })

  it('the session exposes user.id', async () => {
    const user = await createUser()
    const token = await jwt({ token: { sub: user.id }, user: { id: user.id, email: user.email } })
    const session = await options.callbacks!.session!({ session: { expires: 'x', user: {} }, token } as never)
    expect(session.user).toEqual({ id: user.id, email: user.email, name: 'Test User' })
  })
})

describe('redirect callback', () => {
  const { redirect } = callbacksOf(createAuthOptions({ db, env: ENV }))

  it('keeps a same-site path, so an email link that lands on sign-in returns to its page', async () => {
    expect(await redirect('/contracts/abc')).toBe('http://localhost:3000/contracts/abc')
    expect(await redirect('http://localhost:3000/contracts/abc/review')).toBe('http://localhost:3000/contracts/abc/review')
  })

  it.each(['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)'])('sends %j to the contracts instead', async (url) => {
    expect(await redirect(url)).toBe('http://localhost:3000/contracts')
  })
})

describe('cookies', () => {
  it('are Secure with __Host- names in every production run, whatever APP_URL says', () => {
    const options = createAuthOptions({ db, env: { ...ENV, NODE_ENV: 'production', APP_URL: 'http://tranche.example.com' } })
    expect(options.useSecureCookies).toBe(true)
    expect(options.cookies?.sessionToken).toEqual({ name: '__Host-next-auth.session-token', options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true } })
    expect(options.cookies?.callbackUrl?.name).toBe('__Host-next-auth.callback-url')
  })

  it('are not Secure only with ALLOW_INSECURE_HTTP=1 (local http test runs), or outside production on http', () => {
    for (const env of [{ ...ENV, NODE_ENV: 'production', ALLOW_INSECURE_HTTP: true } as const, ENV]) {
      const options = createAuthOptions({ db, env })
      expect(options.useSecureCookies).toBe(false)
      expect(options.cookies).toBeUndefined()
    }
  })
})

describe('demo provider', () => {
  it('is absent when DEMO_MODE is off', () => {
    expect(providersOf(createAuthOptions({ db, env: { ...ENV, DEMO_MODE: false } })).map((p) => p.id)).toEqual(['email'])
    expect(providersOf(createAuthOptions({ db, env: ENV })).map((p) => p.id)).toEqual(['email', 'demo'])
  })

  it('accepts only the seeded demo accounts by default', () => {
    expect(DEMO_ACCOUNTS).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com', 'operator@example.com'])
  })

  it('signs in a listed demo account and refuses every other address, existing or not', async () => {
    const demo = await createUser()
    const other = await createUser()
    const provider = demoProviderOf(createAuthOptions({ db, env: ENV, demoAccounts: [demo.email] }))!
    const authorize = (email: unknown) => provider.authorize({ email } as never, {} as never)
    expect(await authorize(demo.email.toUpperCase())).toEqual({ id: demo.id, email: demo.email, name: 'Test User' })
    expect(await authorize(other.email)).toBeNull()
    expect(await authorize(uniqueEmail())).toBeNull()
    expect(await authorize(undefined)).toBeNull()
    expect(await authorize('not an email')).toBeNull()
  })

  it('refuses a demo address that was never seeded', async () => {
    const provider = demoProviderOf(createAuthOptions({ db, env: ENV, demoAccounts: [uniqueEmail()] }))!
    expect(await provider.authorize({ email: uniqueEmail() } as never, {} as never)).toBeNull()
  })
})

describe('sendVerificationRequest', () => {
  const provider = providersOf(createAuthOptions({ db, env: ENV })).find((p) => p.id === 'email') as EmailConfig

  it('is configured for 10-minute links', () => {
    expect(provider.maxAge).toBe(MAGIC_LINK_MAX_AGE_SECONDS)
    expect(MAGIC_LINK_MAX_AGE_SECONDS).toBe(600)
  })

  it('writes one outbox email whose link goes to the confirmation page, with the token only in the link', async () => {
    const identifier = uniqueEmail()
    const token = randomUUID().replace(/-/g, '')
    const callbackUrl = 'http://localhost:3000/contracts/abc'
    const url = `http://localhost:3000/api/auth/callback/email?${new URLSearchParams({ callbackUrl, token, email: identifier })}`
    await provider.sendVerificationRequest({ identifier, token, url, expires: new Date(Date.now() + 600_000), provider, theme: {} })

    const rows = await findEmails(db, { to: identifier })
    expect(rows).toHaveLength(1)
    const row = rows[0]!
    expect(row).toMatchObject({ eventType: 'SIGN_IN', contractId: null, subject: 'Sign in to Tranche', sentAt: null })
    expect(row.messageId).toMatch(/^<.+@.+>$/)

    const links = [...new Set(row.text.match(/https?:\/\/\S+/g) ?? [])]
    expect(links).toHaveLength(1)
    const link = new URL(links[0]!)
    expect(`${link.origin}${link.pathname}`).toBe('http://localhost:3000/signin/confirm')
    expect(Object.fromEntries(link.searchParams)).toEqual({ token, email: identifier, callbackUrl })
    expect(row.text).toContain('10 minutes')

    // Every occurrence of the token is inside the confirmation link, and the link is in both parts.
    const htmlLink = link.toString().replace(/&/g, '&amp;')
    expect(row.text).toContain(link.toString())
    expect(row.html).toContain(`href="${htmlLink}"`)
    expect(row.text.replaceAll(link.toString(), '')).not.toContain(token)
    expect(row.html.replaceAll(htmlLink, '')).not.toContain(token)
    expect(`${row.subject} ${row.messageId} ${row.to}`).not.toContain(token)
    expect(row.text).not.toContain('/api/auth/callback')
    expect(row.html).not.toContain('/api/auth/callback')
  })
})
