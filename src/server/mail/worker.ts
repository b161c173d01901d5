import 'server-only'
import type { Db } from '../db/client'
import { getEnv } from '../env'
import { runDueJobs, type JobFilter, type JobHandler } from '../jobs/run-jobs'
import { toMessageId, type EmailPayload } from './outbox'
import { redactSignInLinks, SIGN_IN_EVENT_TYPE } from './redact'
import type { MailTransport } from './transport'

export { ALERT_AFTER_ATTEMPTS, DEFAULT_BATCH_SIZE, DEFAULT_LEASE_MS, RETRY_BASE_MS, RETRY_CAP_MS, retryDelayMs } from '../jobs/run-jobs'

/**
 * The EMAIL job handler: sends the email through the transport with the job's stable Message-ID,
 * so a resend after a crash is recognisable as the same message. A magic link that reached a real
 * mailbox is not kept: the finished job's payload loses it.
 */
export function emailJobHandler(transport: MailTransport, from: string): JobHandler {
  return async (job) => {
    const email = job.payload as EmailPayload
    await transport.sendMail({ from, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: toMessageId(job.id) })
    if (job.tag === SIGN_IN_EVENT_TYPE && !transport.isDevMailbox) return { payload: { ...email, ...redactSignInLinks(email) }, redacted: true }
  }
}

export type DeliverOptions = {
  db: Db
  transport: MailTransport
  /** The From header; defaults to MAIL_FROM. */
  from?: string
  now?: Date
  batchSize?: number
  leaseMs?: number
  /** Only emails to these addresses (lets parallel tests on one database keep to their own). */
  recipients?: readonly string[]
}

export type DeliveryReport = { claimed: number; sent: number; failed: number; released: number }

/** One run of the job worker over EMAIL jobs only (tests, and the shape the mail tests speak). */
export async function deliverDueEmails(options: DeliverOptions): Promise<DeliveryReport> {
  const only: JobFilter | undefined = options.recipients ? { recipients: options.recipients } : undefined
  const report = await runDueJobs({
    db: options.db,
    handlers: { EMAIL: emailJobHandler(options.transport, options.from ?? getEnv().MAIL_FROM) },
    now: options.now ?? new Date(),
    batchSize: options.batchSize,
    leaseMs: options.leaseMs,
    only,
  })
  return { claimed: report.claimed, sent: report.done, failed: report.failed, released: report.released }
}
