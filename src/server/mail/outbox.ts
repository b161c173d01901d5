import 'server-only'
import type { Job } from '@/generated/prisma/client'
import type { Sql } from '../db/sql'
import { addJobs } from '../jobs/queue'

/** One email to send after the transaction commits: an EMAIL job (docs/decisions/007). */
export type OutgoingEmail = {
  to: string
  subject: string
  text: string
  html: string
  contractId?: string | null
  eventType?: string | null
}

/** What an EMAIL job's payload holds. */
export type EmailPayload = { to: string; subject: string; text: string; html: string }

/** The Message-ID header a job is always sent with, so a resend after a crash is the same message. */
export function toMessageId(id: string): string {
  return `<${id}@tranche.local>`
}

/**
 * Writes emails as EMAIL jobs with the caller's transaction, so they commit or roll back
 * with the change they report. Each gets a fresh id and a stable Message-ID derived from it.
 * Returns the ids written (in input order).
 */
export async function enqueueEmails(sql: Sql, emails: readonly OutgoingEmail[]): Promise<string[]> {
  return addJobs(
    sql,
    emails.map((email) => ({
      kind: 'EMAIL' as const,
      tag: email.eventType ?? null,
      contractId: email.contractId ?? null,
      payload: { to: email.to, subject: email.subject, text: email.text, html: email.html } satisfies EmailPayload,
    })),
  )
}

/** An EMAIL job read as the email it carries (the dev mailbox, tests). */
export type EmailRow = EmailPayload & {
  id: string
  messageId: string
  contractId: string | null
  eventType: string | null
  attempts: number
  nextAttemptAt: Date
  sentAt: Date | null
  lastError: string | null
  redactedAt: Date | null
  createdAt: Date
}

export function toEmailRow(job: Job): EmailRow {
  const payload = job.payload as EmailPayload
  return {
    id: job.id,
    to: payload.to,
    subject: payload.subject,
    text: payload.text,
    html: payload.html,
    messageId: toMessageId(job.id),
    contractId: job.contractId,
    eventType: job.tag,
    attempts: job.attempts,
    nextAttemptAt: job.runAt,
    sentAt: job.doneAt,
    lastError: job.lastError,
    redactedAt: job.redactedAt,
    createdAt: job.createdAt,
  }
}
