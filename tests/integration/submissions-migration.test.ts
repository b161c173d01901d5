import { rm } from 'node:fs/promises'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrate } from '@/server/db/migrate'
import { createEmptyDatabase, type TestDatabase } from '../setup/databases'
import { connect, migrationsBefore } from '../setup/demo-copy'

// A milestone submitted before review windows existed gets one (from the migration's time, as long
// as its contract's reviewDays) and the DUE jobs a new submission gets, so it auto-releases (R16).
const MIGRATION = '20261203160000_submissions_before_review_window'
const DAY = 86_400_000

let database: TestDatabase
let client: pg.Client
let dir: string

beforeAll(async () => {
  database = await createEmptyDatabase(inject('serverUrl'))
  dir = await migrationsBefore(MIGRATION)
  await migrate({ connectionString: database.url, migrationsDir: dir })
  client = await connect(database.url)
  await client.query(`
    INSERT INTO "User" ("id", "email") VALUES ('u-client', 'client@test.tranche'), ('u-expert', 'expert@test.tranche');
    INSERT INTO "Contract" ("id", "title", "clientId", "expertId", "reviewDays", "depositedCents", "balanceCents") VALUES ('c1', 'Old contract', 'u-client', 'u-expert', 5, 10000, 10000);
    INSERT INTO "Milestone" ("id", "contractId", "position", "title", "amountCents", "state", "fundedCents", "fundedAt", "submittedAt") VALUES
      ('m-submitted', 'c1', 0, 'Submitted long ago', 10000, 'SUBMITTED', 10000, '2026-11-01 10:00', '2026-11-02 10:00'),
      ('m-upcoming', 'c1', 1, 'Not yet', 5000, 'UPCOMING', 0, NULL, NULL);`)
}, 60_000)

afterAll(async () => {
  await client?.end()
  await database?.drop()
  await rm(dir, { recursive: true, force: true })
})

describe(MIGRATION, () => {
  it('gives a milestone submitted before review windows a window of reviewDays from now, its auto-release and reminders', async () => {
    const before = Date.now()
    expect(await migrate({ connectionString: database.url, migrationsDir: 'prisma/migrations' })).toContain(MIGRATION)
    const { rows: milestones } = await client.query(`SELECT "id", "submissionMessage", "submissionLinks", "reviewEndsAt" FROM "Milestone" ORDER BY "position"`)
    expect(milestones).toEqual([
      { id: 'm-submitted', submissionMessage: 'Submitted before Tranche had review windows.', submissionLinks: [], reviewEndsAt: expect.any(Date) },
      { id: 'm-upcoming', submissionMessage: null, submissionLinks: null, reviewEndsAt: null },
    ])
    // TIMESTAMP(3) columns hold UTC; the driver reads them as local time, so compare as UTC wall times.
    const endsAt = Date.parse(`${(await client.query(`SELECT to_char("reviewEndsAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t FROM "Milestone" WHERE "id" = 'm-submitted'`)).rows[0].t}`)
    expect(endsAt).toBeGreaterThanOrEqual(before + 5 * DAY - 1_000)
    expect(endsAt).toBeLessThanOrEqual(Date.now() + 5 * DAY + 1_000)

    const { rows: jobs } = await client.query(`SELECT "kind", "tag", "payload", "contractId" FROM "Job" ORDER BY "runAt" DESC`)
    const at = new Date(endsAt).toISOString()
    expect(jobs).toEqual([
      { kind: 'DUE', tag: 'AUTO_RELEASE', payload: { dueKind: 'AUTO_RELEASE', contractId: 'c1', subjectId: 'm-submitted', at }, contractId: 'c1' },
      { kind: 'DUE', tag: 'REVIEW_REMINDER', payload: { dueKind: 'REVIEW_REMINDER', contractId: 'c1', subjectId: 'm-submitted', at: new Date(endsAt - DAY).toISOString() }, contractId: 'c1' },
      { kind: 'DUE', tag: 'REVIEW_REMINDER', payload: { dueKind: 'REVIEW_REMINDER', contractId: 'c1', subjectId: 'm-submitted', at: new Date(endsAt - 3 * DAY).toISOString() }, contractId: 'c1' },
    ])
  })
})
