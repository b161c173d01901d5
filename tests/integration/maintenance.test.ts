import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { runMaintenance } from '@/server/maintenance'
import { consumeRateLimit } from '@/server/rate-limit'
import { createUser } from '../factories'
import { createTestDb } from '../setup/db'

const db = createTestDb()
afterAll(() => db.$disconnect())

describe('maintenance', () => {
  it('prunes rate-limit counters whose window has ended, and keeps the running ones', async () => {
    const [ended, running] = [`test:ended:${randomUUID()}`, `test:running:${randomUUID()}`]
    const now = new Date()
    await consumeRateLimit(db, ended, { limit: 5, windowMs: 60_000 }, new Date(now.getTime() - 61_000))
    await consumeRateLimit(db, running, { limit: 5, windowMs: 60_000 }, now)
    const report = await runMaintenance(db, now)
    expect(report.rateLimits).toBeGreaterThanOrEqual(1)
    expect(await db.rateLimit.findUnique({ where: { key: ended } })).toBeNull()
    expect(await db.rateLimit.findUnique({ where: { key: running } })).not.toBeNull()
  })

  it('prunes revoked sessions past their absolute end and magic-link tokens past their expiry', async () => {
    const user = await createUser({ name: 'Maintained' })
    const now = new Date()
    const past = new Date(now.getTime() - 1000)
    const future = new Date(now.getTime() + 60_000)
    const [old, live] = [randomUUID(), randomUUID()]
    await db.revokedSession.createMany({ data: [{ id: old, userId: user.userId, expiresAt: past }, { id: live, userId: user.userId, expiresAt: future }] })
    const [expiredToken, liveToken] = [randomUUID(), randomUUID()]
    await db.verificationToken.createMany({ data: [{ identifier: user.email, token: expiredToken, expires: past }, { identifier: user.email, token: liveToken, expires: future }] })

    await runMaintenance(db, now)
    expect((await db.revokedSession.findMany({ where: { userId: user.userId } })).map((r) => r.id)).toEqual([live])
    expect((await db.verificationToken.findMany({ where: { identifier: user.email } })).map((t) => t.token)).toEqual([liveToken])
  })
})
