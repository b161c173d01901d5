import { rm } from 'node:fs/promises'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrate } from '@/server/db/migrate'
import { createEmptyDatabase, type TestDatabase } from '../setup/databases'
import { migrationsBefore } from '../setup/demo-copy'

// The job table replaces "OutboxEmail": every email waiting, failing or sent moves over with the
// same id (so the same Message-ID), and a redacted sign-in email stays redacted.
const JOBS_MIGRATION = '20261203100000_jobs_and_clock'

let database: TestDatabase
let client: pg.Client
let dir: string

beforeAll(async () => {
  database = await createEmptyDatabase(inject('serverUrl'))
  dir = await migrationsBefore(JOBS_MIGRATION)
  await migrate({ connectionString: database.url, migrationsDir: dir })
  client = new pg.Client({ connectionString: database.url })
  client.on('error', () => {})
  await client.connect()
  await client.query(`
    INSERT INTO "OutboxEmail" ("id", "to", "subject", "text", "html", "contractId", "eventType", "attempts", "nextAttemptAt", "sentAt", "lastError", "redactedAt", "messageId", "createdAt") VALUES
      ('queued', 'a@test.tranche', 'Queued', 'text a', '<p>a</p>', 'c1', 'MILESTONE_FUNDED', 0, '2026-12-01 10:00', NULL, NULL, NULL, '<queued@tranche.local>', '2026-12-01 10:00'),
      ('failing', 'b@test.tranche', 'Failing', 'text b', '<p>b</p>', NULL, 'TEST', 3, '2026-12-01 11:00', NULL, 'ECONNREFUSED', NULL, '<failing@tranche.local>', '2026-12-01 09:00'),
      ('sent', 'c@test.tranche', 'Sign in', '[sign-in link removed]', '<p>x</p>', NULL, 'SIGN_IN', 1, '2026-12-01 09:00', '2026-12-01 09:01', NULL, '2026-12-01 09:01', '<sent@tranche.local>', '2026-12-01 09:00')`)
}, 60_000)

afterAll(async () => {
  await client?.end()
  await database?.drop()
  await rm(dir, { recursive: true, force: true })
})

describe(`${JOBS_MIGRATION}`, () => {
  it('moves every outbox email into "Job" unchanged and drops "OutboxEmail"', async () => {
    expect(await migrate({ connectionString: database.url, migrationsDir: 'prisma/migrations' })).toContain(JOBS_MIGRATION)
    const { rows } = await client.query(`SELECT "id", "kind", "tag", "payload", "contractId", "runAt", "attempts", "lastError", "doneAt", "redactedAt", "createdAt" FROM "Job" ORDER BY "id"`)
    expect(rows).toEqual([
      { id: 'failing', kind: 'EMAIL', tag: 'TEST', payload: { to: 'b@test.tranche', subject: 'Failing', text: 'text b', html: '<p>b</p>' }, contractId: null, runAt: expect.any(Date), attempts: 3, lastError: 'ECONNREFUSED', doneAt: null, redactedAt: null, createdAt: expect.any(Date) },
      { id: 'queued', kind: 'EMAIL', tag: 'MILESTONE_FUNDED', payload: { to: 'a@test.tranche', subject: 'Queued', text: 'text a', html: '<p>a</p>' }, contractId: 'c1', runAt: expect.any(Date), attempts: 0, lastError: null, doneAt: null, redactedAt: null, createdAt: expect.any(Date) },
      { id: 'sent', kind: 'EMAIL', tag: 'SIGN_IN', payload: { to: 'c@test.tranche', subject: 'Sign in', text: '[sign-in link removed]', html: '<p>x</p>' }, contractId: null, runAt: expect.any(Date), attempts: 1, lastError: null, doneAt: expect.any(Date), redactedAt: expect.any(Date), createdAt: expect.any(Date) },
    ])
    expect((await client.query(`SELECT to_regclass('"OutboxEmail"') AS t`)).rows[0].t).toBeNull()
    expect((await client.query(`SELECT "offsetMs" FROM "AppClock"`)).rows).toEqual([{ offsetMs: '0' }])
  })
})
