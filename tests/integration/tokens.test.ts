import { createHash } from 'node:crypto'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { signOutEverywhere } from '@/server/auth/session'
import { CommandError, EdgeError } from '@/server/errors'
import { runMaintenance } from '@/server/maintenance'
import { authenticateToken } from '@/server/tokens/authenticate-token'
import { createToken } from '@/server/tokens/create-token'
import { listTokens } from '@/server/tokens/list-tokens'
import { DEAD_TOKEN_KEPT_MS, revokeToken } from '@/server/tokens/revoke-token'
import { createContractScenario, createUser } from '../factories'
import { createTestDb } from '../setup/db'
import { callApi } from './api/harness'

vi.mock('@/server/auth/session', async (importOriginal) => ({ ...(await importOriginal<typeof import('@/server/auth/session')>()), ...(await import('./api/session-mock')) }))

// R22's services on the real database: what is stored, expiry, revoke, last used, sign out
// everywhere, the maintenance job, and the per-token rate-limit bucket through the route wiring.

const db = createTestDb()
afterAll(() => db.$disconnect())

const DAY = 86_400_000
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (e: unknown) => e)
  return error instanceof EdgeError || error instanceof CommandError ? error.code : error
}

async function newToken(scope: 'read' | 'write' = 'write', now = new Date()) {
  const user = await createUser({ name: 'Token owner' })
  const created = await createToken({ actor: user, name: 'Script', scope, expiresAt: new Date(now.getTime() + 30 * DAY) }, { db, now })
  return { user, created }
}

describe('createToken', () => {
  it('stores the SHA-256 of the token and never the token; the database refuses a row whose hash is not one', async () => {
    const { user, created } = await newToken()
    const [row] = await db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "ApiToken" WHERE id = ${created.id}`
    expect(row!.tokenHash).toBe(sha256(created.token))
    for (const value of Object.values(row!)) expect(String(value)).not.toContain(created.token.slice(3))
    const now = new Date()
    await expect(
      db.apiToken.createMany({ data: [{ id: 'plain', userId: user.userId, name: 'x', scope: 'read', tokenHash: created.token, expiresAt: new Date(now.getTime() + DAY), createdAt: now }] }),
    ).rejects.toThrow(/ApiToken_tokenHash_is_sha256/)
  })

  it('refuses an expiry in the past or more than a year ahead (422 VALIDATION_FAILED on expiresAt), and the database does too', async () => {
    const user = await createUser()
    const now = new Date('2027-03-01T12:00:00Z')
    const make = (expiresAt: Date) => createToken({ actor: user, name: 'x', scope: 'read', expiresAt }, { db, now })
    expect(await refusal(make(new Date(now.getTime() - 1)))).toBe('VALIDATION_FAILED')
    expect(await refusal(make(now))).toBe('VALIDATION_FAILED')
    expect(await refusal(make(new Date('2028-03-01T12:00:00.001Z')))).toBe('VALIDATION_FAILED')
    const error = await make(new Date('2029-01-01T00:00:00Z')).catch((e: unknown) => e)
    expect((error as CommandError).details).toEqual({ formErrors: [], fieldErrors: { expiresAt: ['A token expires within one year at most.'] } })
    expect((await make(new Date('2028-03-01T12:00:00Z'))).expiresAt).toBe('2028-03-01T12:00:00.000Z')
    await expect(
      db.apiToken.createMany({ data: [{ id: 'too-long', userId: user.userId, name: 'x', scope: 'read', tokenHash: sha256('x'), expiresAt: new Date(now.getTime() + 400 * DAY), createdAt: now }] }),
    ).rejects.toThrow(/ApiToken_expiry_within_a_year/)
  })
})

describe('authenticateToken', () => {
  it('acts as the token’s user with its scope while it lives; expired and revoked tokens are refused with their own code', async () => {
    const now = new Date()
    const { user, created } = await newToken('read', now)
    expect(await authenticateToken({ db, token: created.token, now })).toMatchObject({ userId: user.userId, email: user.email, token: { id: created.id, scope: 'read' } })
    expect(await refusal(authenticateToken({ db, token: created.token, now: new Date(now.getTime() + 30 * DAY) }))).toBe('TOKEN_EXPIRED')
    expect(await refusal(authenticateToken({ db, token: `tr_${'A'.repeat(43)}`, now }))).toBe('TOKEN_INVALID')
    await revokeToken({ actor: user, tokenId: created.id }, { db, now })
    expect(await refusal(authenticateToken({ db, token: created.token, now }))).toBe('TOKEN_REVOKED')
  })

  it('writes "last used" at most once a minute, however many requests come at once', async () => {
    const now = new Date()
    const { created } = await newToken('read', now)
    const lastUsed = async () => (await db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt
    expect(await lastUsed()).toBeNull()
    await Promise.all(Array.from({ length: 10 }, (_, i) => authenticateToken({ db, token: created.token, now: new Date(now.getTime() + i * 1000) })))
    const first = await lastUsed()
    expect(first).not.toBeNull()
    expect(first!.getTime()).toBeLessThan(now.getTime() + 10_000)
    await authenticateToken({ db, token: created.token, now: new Date(first!.getTime() + 59_000) })
    expect(await lastUsed()).toEqual(first)
    await authenticateToken({ db, token: created.token, now: new Date(first!.getTime() + 60_000) })
    expect(await lastUsed()).toEqual(new Date(first!.getTime() + 60_000))
  })
})

describe('revokeToken and listTokens', () => {
  it('revokes only the owner’s live token; the list keeps expired tokens and drops revoked ones, newest first', async () => {
    const now = new Date()
    const { user, created } = await newToken('write', now)
    const later = await createToken({ actor: user, name: 'Later', scope: 'read', expiresAt: new Date(now.getTime() + DAY) }, { db, now: new Date(now.getTime() + 1000) })
    const stranger = await createUser()
    expect(await refusal(revokeToken({ actor: stranger, tokenId: created.id }, { db }))).toBe('NOT_FOUND')
    expect((await listTokens({ actor: user }, db)).tokens.map((t) => t.id)).toEqual([later.id, created.id])
    await db.apiToken.updateMany({ where: { id: later.id }, data: { expiresAt: new Date(now.getTime() + 2000) } })
    await revokeToken({ actor: user, tokenId: created.id }, { db })
    expect(await refusal(revokeToken({ actor: user, tokenId: created.id }, { db }))).toBe('NOT_FOUND')
    expect((await listTokens({ actor: user }, db)).tokens.map((t) => t.id)).toEqual([later.id])
  })
})

describe('"Sign out everywhere" and tokens', () => {
  it('revokes every live token of the user with the sessions, and no one else’s', async () => {
    const { user, created } = await newToken('write')
    const second = await createToken({ actor: user, name: 'Second', scope: 'read', expiresAt: new Date(Date.now() + DAY) }, { db })
    const other = await newToken('write')
    expect(await signOutEverywhere(user.userId, db)).toEqual({ tokensRevoked: 2 })
    for (const token of [created.token, second.token]) expect(await refusal(authenticateToken({ db, token, now: new Date() }))).toBe('TOKEN_REVOKED')
    expect((await authenticateToken({ db, token: other.created.token, now: new Date() })).userId).toBe(other.user.userId)
    expect(await signOutEverywhere(user.userId, db)).toEqual({ tokensRevoked: 0 })
  })
})

describe('maintenance', () => {
  it('deletes tokens revoked or expired 30 days ago, and keeps the rest', async () => {
    const now = new Date()
    const { user, created: live } = await newToken('read', now)
    const old = new Date(now.getTime() - DEAD_TOKEN_KEPT_MS - 2 * DAY)
    const revokedLongAgo = await createToken({ actor: user, name: 'Old', scope: 'read', expiresAt: new Date(old.getTime() + 300 * DAY) }, { db, now: old })
    await revokeToken({ actor: user, tokenId: revokedLongAgo.id }, { db, now: new Date(old.getTime() + DAY) })
    const expiredLongAgo = await createToken({ actor: user, name: 'Expired', scope: 'read', expiresAt: new Date(old.getTime() + DAY) }, { db, now: old })
    const revokedRecently = await createToken({ actor: user, name: 'Recent', scope: 'read', expiresAt: new Date(now.getTime() + DAY) }, { db, now })
    await revokeToken({ actor: user, tokenId: revokedRecently.id }, { db, now })
    const report = await runMaintenance(db, now)
    expect(report.apiTokens).toBeGreaterThanOrEqual(2)
    const left = await db.apiToken.findMany({ where: { userId: user.userId }, select: { id: true } })
    expect(left.map((t) => t.id).sort()).toEqual([live.id, revokedRecently.id].sort())
    expect(left.map((t) => t.id)).not.toContain(expiredLongAgo.id)
  })
})

describe('rate limits per token (through the route)', () => {
  it('a bearer write counts against the token’s own bucket, not the user’s', async () => {
    const { client, contract } = await createContractScenario()
    const created = await createToken({ actor: client, name: 'Funder', scope: 'write', expiresAt: new Date(Date.now() + DAY) }, { db })
    const response = await callApi({ as: { ...client, name: null, token: created.token }, method: 'POST', path: `/api/contracts/${contract.id}/milestones/${contract.milestones[0]!.id}/fund` })
    expect(response.status, response.text).toBe(200)
    expect(await db.rateLimit.findUnique({ where: { key: `api-write:token:${created.id}` } })).toMatchObject({ count: 1 })
    expect(await db.rateLimit.findUnique({ where: { key: `api-write:user:${client.userId}` } })).toBeNull()
  })
})
