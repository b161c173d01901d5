import 'server-only'
import type { Db } from './db/client'
import { getDb } from './db/client'
import { poolSql, type Sql } from './db/sql'
import { getEnv } from './env'

/**
 * The application clock (docs/decisions/009). Every time-based rule (review windows, reminders,
 * expiry, overdue) and the job worker read `now()`. In a demo (DEMO_MODE=1) the clock runs ahead
 * of the wall clock by an offset kept in the database's one-row "AppClock" table, so every
 * instance agrees on it and `POST /api/dev/clock` can move it forward. Outside a demo the offset
 * is always 0 and no query is made.
 */

/**
 * The offset in ms the clock runs ahead of the wall clock, read on `sql` (the pool's when none is
 * given): 0 outside a demo, where nothing is read and no pool is touched.
 */
export async function clockOffsetMs(sql?: Sql): Promise<number> {
  if (!getEnv().DEMO_MODE) return 0
  const rows = await (sql ?? poolSql())<{ offsetMs: string }>(`SELECT "offsetMs"::text AS "offsetMs" FROM "AppClock" WHERE "id" = 1`)
  return Number(rows[0]?.offsetMs ?? 0)
}

/**
 * The application's "now", read on `sql`: a command reads it under its contract's lock inside its
 * own transaction (never on a second pooled connection it would wait for), everything else on the pool.
 */
export async function now(sql?: Sql): Promise<Date> {
  const offset = await clockOffsetMs(sql)
  return new Date(Date.now() + offset)
}

export type ClockReading = { now: string; offsetMs: number }

/** What `GET /api/dev/clock` answers. */
export async function readClock(sql?: Sql): Promise<ClockReading> {
  const offsetMs = await clockOffsetMs(sql)
  return { now: new Date(Date.now() + offsetMs).toISOString(), offsetMs }
}

/**
 * Moves the clock forward by `advanceMs` for every instance, in one statement (two demos advancing
 * at once add up), then wakes the job workers so what fell due runs at once. Demo mode only: the
 * caller checks DEMO_MODE.
 */
export async function advanceClock(advanceMs: number, db: Db = getDb()): Promise<ClockReading> {
  const rows = await db.$queryRaw<{ offsetMs: bigint }[]>`
    INSERT INTO "AppClock" ("id", "offsetMs") VALUES (1, ${advanceMs})
    ON CONFLICT ("id") DO UPDATE SET "offsetMs" = "AppClock"."offsetMs" + EXCLUDED."offsetMs"
    RETURNING "offsetMs"`
  await db.$executeRaw`SELECT pg_notify('tranche_jobs', 'clock')`
  const offsetMs = Number(rows[0]!.offsetMs)
  return { now: new Date(Date.now() + offsetMs).toISOString(), offsetMs }
}
