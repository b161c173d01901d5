import 'server-only'
import { randomUUID } from 'node:crypto'
import type { JobKind, Prisma } from '@/generated/prisma/client'
import { insertRows, type Sql } from '../db/sql'

/** The channel `addJobs` notifies on commit and the worker listens to (docs/decisions/007). */
export const JOB_CHANNEL = 'tranche_jobs'

export type NewJob = {
  kind: JobKind
  /** What the job is about within its kind (an email's event type, a timer's due kind). */
  tag?: string | null
  payload: Prisma.InputJsonValue
  contractId?: string | null
  /** When it is due, on the application clock; omitted: at once. */
  runAt?: Date
}

/**
 * Adds jobs with the caller's transaction (a command's `Sql`, or `prismaSql(tx)`), so they commit or roll back with the change that
 * caused them, and notifies the workers (PostgreSQL delivers a NOTIFY only on commit, so a worker
 * never wakes for a job that is not there). Returns the ids written, in input order.
 */
export async function addJobs(sql: Sql, jobs: readonly NewJob[]): Promise<string[]> {
  if (jobs.length === 0) return []
  // Times come from this process, not the database's default: the columns have no time zone, and
  // a server whose TimeZone is not UTC would shift them. The wall clock is never ahead of the
  // application clock, so a job due "now" is due for every worker at once.
  const createdAt = new Date()
  const rows = jobs.map((job) => ({
    id: randomUUID(),
    kind: job.kind,
    tag: job.tag ?? null,
    payload: job.payload,
    contractId: job.contractId ?? null,
    runAt: job.runAt ?? createdAt,
    createdAt,
  }))
  await insertRows(sql, 'Job', rows)
  // As text: Prisma's raw queries cannot read a void column back.
  await sql(`SELECT pg_notify($1, '')::text`, [JOB_CHANNEL])
  return rows.map((row) => row.id)
}
