import 'server-only'
import { Prisma, type JobKind } from '@/generated/prisma/client'
import type { Db } from '../db/client'

/**
 * The job worker's core (docs/decisions/007): claims due jobs and runs each through the handler
 * for its kind. At-least-once: a job is marked done only after its handler returned, so a crash in
 * between runs it again once its lease ends. Handlers make that safe: an email keeps its
 * Message-ID, a DUE job re-asks the domain inside the contract's lock and finds nothing to do.
 *
 * Failures retry after 5s, 10s, 20s, … doubling up to once an hour, for ever: `attempts` and
 * `lastError` say why a job is late, and from ALERT_AFTER_ATTEMPTS on each failure is an error.
 */

/** First retry delay; doubles with every failed attempt. */
export const RETRY_BASE_MS = 5_000
/** The backoff stops growing here: a mail server that is down for a day is retried hourly. */
export const RETRY_CAP_MS = 60 * 60_000
/** ~2.8 hours of failures (5s·2^10 ≥ the cap): from then on a failure is an error, not a warning. */
export const ALERT_AFTER_ATTEMPTS = 11
/**
 * How long a claimed job stays invisible to other workers: after a crash it runs again this much
 * later. A batch stops LEASE_SAFETY_MS before its lease ends and hands the rest back.
 */
export const DEFAULT_LEASE_MS = 5 * 60_000
const LEASE_SAFETY_MS = 60_000
export const DEFAULT_BATCH_SIZE = 20
const MAX_ERROR_LENGTH = 2_000

/** The delay before the next attempt after `failedAttempts` failures (1 → 5s, 2 → 10s, …, capped). */
export function retryDelayMs(failedAttempts: number): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30)
  return Math.min(RETRY_BASE_MS * 2 ** exponent, RETRY_CAP_MS)
}

/** A job as its handler gets it; `attempts` counts this one. */
export type ClaimedJob = { id: string; kind: JobKind; tag: string | null; payload: unknown; contractId: string | null; attempts: number }

/** What a handler may change when it finishes: e.g. a sent sign-in email loses its link. */
export type JobDone = void | { payload: Prisma.InputJsonValue; redacted: true }

export type JobHandler = (job: ClaimedJob, ctx: { db: Db; now: Date }) => Promise<JobDone>

export type JobHandlers = Partial<Record<JobKind, JobHandler>>

/** Limits a run to some jobs, so parallel tests on one database keep to their own. */
export type JobFilter = { ids?: readonly string[]; contractIds?: readonly string[]; recipients?: readonly string[] }

export type RunJobsOptions = {
  db: Db
  handlers: JobHandlers
  /** The application clock's now: jobs due at or before it are claimed, retries scheduled from it. */
  now: Date
  batchSize?: number
  leaseMs?: number
  only?: JobFilter
}

export type RunReport = { claimed: number; done: number; failed: number; released: number }

/**
 * Claims up to `batchSize` due jobs of the kinds `handlers` can run, and runs them. Any number of
 * workers may run this at once: the claim is one UPDATE over a `FOR UPDATE SKIP LOCKED`
 * sub-select that moves `runAt` to the end of a lease, so each job goes to one worker, and no
 * transaction stays open while a handler works.
 */
export async function runDueJobs(options: RunJobsOptions): Promise<RunReport> {
  const { db, handlers, now } = options
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
  const leaseUntil = new Date(now.getTime() + leaseMs)
  const started = performance.now()
  const kinds = Object.keys(handlers) as JobKind[]

  const jobs = await claimDueJobs(db, { now, leaseUntil, batchSize, kinds, only: options.only })
  const report: RunReport = { claimed: jobs.length, done: 0, failed: 0, released: 0 }

  for (const [index, job] of jobs.entries()) {
    if (performance.now() - started > leaseMs - Math.min(LEASE_SAFETY_MS, leaseMs / 2)) {
      // Out of lease time: give the rest back rather than risk another worker running them too.
      const rest = jobs.slice(index).map((j) => j.id)
      const { count } = await db.job.updateMany({ where: { id: { in: rest }, doneAt: null, runAt: leaseUntil }, data: { runAt: now, attempts: { decrement: 1 } } })
      report.released = count
      break
    }
    let result: JobDone
    try {
      result = await handlers[job.kind]!(job, { db, now })
    } catch (error) {
      report.failed++
      await recordFailure(db, job, error, { now, leaseUntil })
      continue
    }
    // Marked done whatever the lease: it did run, and marking it stops any further run.
    const doneAt = new Date()
    await db.job.updateMany({
      where: { id: job.id, doneAt: null },
      data: { doneAt, lastError: null, ...(result ? { payload: result.payload, redactedAt: doneAt } : {}) },
    })
    report.done++
  }
  return report
}

async function claimDueJobs(db: Db, options: ClaimOptions): Promise<ClaimedJob[]> {
  if (options.kinds.length === 0) return []
  return db.$queryRaw<ClaimedJob[]>(claimStatement(options))
}

type ClaimOptions = { now: Date; leaseUntil: Date; batchSize: number; kinds: JobKind[]; only?: JobFilter }

/**
 * The claim: the due jobs of the kinds this worker runs, oldest first, leased to it. The kinds
 * compare as the enum (not as text), so a worker that runs only some kinds finds theirs through
 * "Job_due_kind_idx" instead of walking past every waiting job of the others.
 */
export function claimStatement({ now, leaseUntil, batchSize, kinds, only }: ClaimOptions): Prisma.Sql {
  const filters: Prisma.Sql[] = []
  if (only?.ids) filters.push(only.ids.length ? Prisma.sql`AND "id" IN (${Prisma.join(only.ids)})` : Prisma.sql`AND false`)
  if (only?.contractIds) filters.push(only.contractIds.length ? Prisma.sql`AND "contractId" IN (${Prisma.join(only.contractIds)})` : Prisma.sql`AND false`)
  if (only?.recipients) filters.push(only.recipients.length ? Prisma.sql`AND "payload"->>'to' IN (${Prisma.join(only.recipients)})` : Prisma.sql`AND false`)
  return Prisma.sql`
    UPDATE "Job" SET "runAt" = ${leaseUntil}, "attempts" = "attempts" + 1
    WHERE "id" IN (
      SELECT "id" FROM "Job"
      WHERE "doneAt" IS NULL AND "redactedAt" IS NULL AND "runAt" <= ${now}
        AND "kind" IN (${Prisma.join(kinds.map((kind) => Prisma.sql`CAST(${kind} AS "JobKind")`))}) ${filters.length > 0 ? Prisma.join(filters, ' ') : Prisma.empty}
      ORDER BY "runAt", "createdAt"
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "kind", "tag", "payload", "contractId", "attempts"`
}

async function recordFailure(db: Db, job: ClaimedJob, error: unknown, { now, leaseUntil }: { now: Date; leaseUntil: Date }) {
  const runAt = new Date(now.getTime() + retryDelayMs(job.attempts))
  const lastError = describeError(error)
  // Only while we still hold the lease: if it ran out, another worker owns the job now.
  await db.job.updateMany({ where: { id: job.id, doneAt: null, runAt: leaseUntil }, data: { runAt, lastError } })
  const log = job.attempts >= ALERT_AFTER_ATTEMPTS ? console.error : console.warn
  log(`[jobs] ${job.kind} job ${job.id} failed (attempt ${job.attempts}); retrying at ${runAt.toISOString()}: ${lastError}`)
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.slice(0, MAX_ERROR_LENGTH)
}
