import 'server-only'
import { Prisma } from '@/generated/prisma/client'
import type { Db } from '../db/client'
import { getEnv } from '../env'
import { redactSignInLinks, SIGN_IN_EVENT_TYPE } from './redact'
import { createMailTransport, type MailTransport } from './transport'

/**
 * The outbox worker: sends the emails services wrote into `OutboxEmail`, after their transaction
 * committed. At-least-once: a row is marked sent only after the SMTP server accepted it, so a
 * crash between the two resends it, with the same Message-ID so the resend is recognisable.
 *
 * Retries never stop: a failed row is retried after 5s, 10s, 20s, … doubling up to once an hour,
 * and keeps being retried hourly until it goes through (an email reporting a payment must not
 * vanish). `attempts` and `lastError` on the row say why it is late; from ALERT_AFTER_ATTEMPTS
 * on, each failure is logged as an error so monitoring sees it.
 */

/** First retry delay; doubles with every failed attempt. */
export const RETRY_BASE_MS = 5_000
/** The backoff stops growing here: a mail server that is down for a day is retried hourly. */
export const RETRY_CAP_MS = 60 * 60_000
/** ~2.8 hours of failures (5s·2^10 ≥ the cap): from then on a failure is an error, not a warning. */
export const ALERT_AFTER_ATTEMPTS = 11
/**
 * How long a claimed row stays invisible to other workers. A send never runs past it: the worker
 * stops sending a batch LEASE_SAFETY_MS before the lease ends and hands the rest back.
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

export type DeliverOptions = {
  db: Db
  transport: MailTransport
  /** The From header; defaults to MAIL_FROM. */
  from?: string
  /** The worker's clock: rows due at or before it are claimed, and retries are scheduled from it. */
  now?: Date
  batchSize?: number
  leaseMs?: number
  /** Only rows to these addresses (lets parallel tests on one database keep to their own rows). */
  recipients?: readonly string[]
}

export type DeliveryReport = { claimed: number; sent: number; failed: number; released: number }

type ClaimedRow = { id: string; to: string; subject: string; text: string; html: string; messageId: string; attempts: number; eventType: string | null }

/**
 * Claims up to `batchSize` due rows and sends them. Several workers (app instances, `npm run
 * worker`) may run this at once: the claim is one UPDATE over a `FOR UPDATE SKIP LOCKED`
 * sub-select that pushes `nextAttemptAt` to the end of a lease, so each row goes to one worker,
 * and no transaction stays open while SMTP talks.
 */
export async function deliverDueEmails(options: DeliverOptions): Promise<DeliveryReport> {
  const { db, transport } = options
  const now = options.now ?? new Date()
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
  const from = options.from ?? getEnv().MAIL_FROM
  const leaseUntil = new Date(now.getTime() + leaseMs)
  const started = performance.now()

  const rows = await claimDueRows(db, { now, leaseUntil, batchSize, recipients: options.recipients })
  const report: DeliveryReport = { claimed: rows.length, sent: 0, failed: 0, released: 0 }

  for (const [index, row] of rows.entries()) {
    if (performance.now() - started > leaseMs - Math.min(LEASE_SAFETY_MS, leaseMs / 2)) {
      // Out of lease time: give the rest back rather than risk another worker sending them too.
      const rest = rows.slice(index).map((r) => r.id)
      const { count } = await db.outboxEmail.updateMany({ where: { id: { in: rest }, sentAt: null, nextAttemptAt: leaseUntil }, data: { nextAttemptAt: now } })
      report.released = count
      break
    }
    try {
      await transport.sendMail({ from, to: row.to, subject: row.subject, text: row.text, html: row.html, messageId: row.messageId })
    } catch (error) {
      report.failed++
      await recordFailure(db, row, error, { now, leaseUntil })
      continue
    }
    // Marked sent whatever the lease: it did go out, and marking it stops any further resend.
    // A magic link that reached a real mailbox is no longer kept here.
    const sentAt = new Date()
    const redact = row.eventType === SIGN_IN_EVENT_TYPE && !transport.isDevMailbox
    await db.outboxEmail.updateMany({
      where: { id: row.id, sentAt: null },
      data: { sentAt, attempts: { increment: 1 }, lastError: null, ...(redact ? { ...redactSignInLinks(row), redactedAt: sentAt } : {}) },
    })
    report.sent++
  }
  return report
}

async function claimDueRows(
  db: Db,
  { now, leaseUntil, batchSize, recipients }: { now: Date; leaseUntil: Date; batchSize: number; recipients?: readonly string[] },
): Promise<ClaimedRow[]> {
  if (recipients && recipients.length === 0) return []
  const onlyTo = recipients ? Prisma.sql`AND "to" IN (${Prisma.join(recipients)})` : Prisma.empty
  return db.$queryRaw<ClaimedRow[]>`
    UPDATE "OutboxEmail" SET "nextAttemptAt" = ${leaseUntil}
    WHERE "id" IN (
      SELECT "id" FROM "OutboxEmail"
      WHERE "sentAt" IS NULL AND "redactedAt" IS NULL AND "nextAttemptAt" <= ${now} ${onlyTo}
      ORDER BY "nextAttemptAt", "createdAt"
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "to", "subject", "text", "html", "messageId", "attempts", "eventType"`
}

async function recordFailure(db: Db, row: ClaimedRow, error: unknown, { now, leaseUntil }: { now: Date; leaseUntil: Date }) {
  const attempts = row.attempts + 1
  const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attempts))
  const lastError = describeError(error)
  // Only while we still hold the lease: if it ran out, another worker owns the row now.
  await db.outboxEmail.updateMany({
    where: { id: row.id, sentAt: null, nextAttemptAt: leaseUntil },
    data: { attempts, nextAttemptAt, lastError },
  })
  const log = attempts >= ALERT_AFTER_ATTEMPTS ? console.error : console.warn
  log(`[mail] sending ${row.messageId} failed (attempt ${attempts}); retrying at ${nextAttemptAt.toISOString()}: ${lastError}`)
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.slice(0, MAX_ERROR_LENGTH)
}

type RunningWorker = { stop: () => Promise<void> }
const globalForWorker = globalThis as unknown as { trancheOutboxWorker?: RunningWorker }

/**
 * Runs `deliverDueEmails` every `intervalMs` (draining full batches at once) in this process, on
 * the app's database and transport. One per process, also across dev hot reloads; several
 * processes are fine (SKIP LOCKED). Returns null, and logs why, when there is nowhere to deliver:
 * no SMTP_URL and no dev mailbox (not a demo): rows then wait until SMTP is configured.
 */
export function startOutboxWorker(options: { db: Db; intervalMs?: number }): RunningWorker | null {
  if (globalForWorker.trancheOutboxWorker) return globalForWorker.trancheOutboxWorker
  const env = getEnv()
  const transport = createMailTransport(env)
  if (!transport) {
    console.warn('[mail] No SMTP_URL (and not a demo): emails stay in the outbox until SMTP_URL is set.')
    return null
  }
  const { db } = options
  const intervalMs = options.intervalMs ?? 2_000
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> = Promise.resolve()

  const tick = async () => {
    try {
      let report: DeliveryReport
      do {
        report = await deliverDueEmails({ db, transport, from: env.MAIL_FROM, batchSize: DEFAULT_BATCH_SIZE })
      } while (!stopped && report.claimed === DEFAULT_BATCH_SIZE)
    } catch (error) {
      // A database hiccup: the rows are still there, the next tick tries again.
      console.error('[mail] outbox worker run failed:', error)
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), intervalMs)
  }
  running = tick()

  const worker: RunningWorker = {
    stop: async () => {
      stopped = true
      clearTimeout(timer)
      await running
      transport.close?.()
      globalForWorker.trancheOutboxWorker = undefined
    },
  }
  globalForWorker.trancheOutboxWorker = worker
  return worker
}
