import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createPrismaClient, type Db } from '@/server/db/client'
import { migrate } from '@/server/db/migrate'
import { prismaSql } from '@/server/db/sql'
import { createEmptyDatabase, type TestDatabase } from '../setup/databases'

// The application clock (decision 009) on a database of its own, so moving it never reaches the
// other test files. This file runs as a demo; the offset is read only then.
process.env.DEMO_MODE = '1'
const { advanceClock, clockOffsetMs, now, readClock } = await import('@/server/clock')

let database: TestDatabase
let db: Db

beforeAll(async () => {
  database = await createEmptyDatabase(inject('serverUrl'))
  await migrate({ connectionString: database.url, migrationsDir: 'prisma/migrations' })
  db = createPrismaClient(database.url, { poolSize: 5, statementTimeoutMs: 5_000, slowQueryMs: 5_000 })
})
afterAll(async () => {
  await db?.$disconnect()
  await database?.drop()
})

describe('application clock in a demo', () => {
  it('starts at the wall clock, moves forward by the sum of every advance, for every reader', async () => {
    expect(await clockOffsetMs(prismaSql(db))).toBe(0)
    await Promise.all([advanceClock(1_000, db), advanceClock(2_000, db), advanceClock(3_000, db)])
    expect(await clockOffsetMs(prismaSql(db))).toBe(6_000)
    const reading = await readClock(prismaSql(db))
    expect(reading.offsetMs).toBe(6_000)
    expect(Math.abs(new Date(reading.now).getTime() - (Date.now() + 6_000))).toBeLessThan(1_000)
    const t = await now(prismaSql(db))
    expect(t.getTime() - Date.now()).toBeGreaterThan(5_000)
  })

  it('never moves back: the table refuses a negative offset', async () => {
    await expect(advanceClock(-10 * 24 * 3600_000, db)).rejects.toThrow()
    expect(await clockOffsetMs(prismaSql(db))).toBeGreaterThanOrEqual(0)
  })
})

describe('GET and POST /api/dev/clock in a demo', () => {
  const route = () => import('@/app/api/dev/clock/route')
  const post = async (body: unknown) =>
    (await route()).POST(new Request('http://localhost:3000/api/dev/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }))

  it('answers {now, offsetMs} and moves forward only by a positive whole number of ms', async () => {
    const before = (await (await (await route()).GET()).json()) as { now: string; offsetMs: number }
    expect(before).toEqual({ now: expect.any(String), offsetMs: expect.any(Number) })
    const moved = await post({ advanceMs: 3_600_000 })
    expect(moved.status).toBe(200)
    expect(await moved.json()).toEqual({ now: expect.any(String), offsetMs: before.offsetMs + 3_600_000 })
    for (const advanceMs of [0, -1, 1.5, '60000', null, 1e15]) {
      const refused = await post({ advanceMs })
      expect(refused.status, JSON.stringify(advanceMs)).toBe(422)
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED')
    }
    expect((await post({})).status).toBe(422)
    expect((await post({ advanceMs: 1, extra: true })).status).toBe(422)
    const after = (await (await (await route()).GET()).json()) as { offsetMs: number }
    expect(after.offsetMs).toBe(before.offsetMs + 3_600_000)
  })

  it('refuses a cross-site POST', async () => {
    const response = await (await route()).POST(
      new Request('http://localhost:3000/api/dev/clock', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{"advanceMs":1}' }),
    )
    expect(response.status).toBe(403)
  })
})
