import 'server-only'
import { Prisma } from '@/generated/prisma/client'
import type { Db } from '../db/client'
import { toEmailRow } from './outbox'

/** The dev mailbox reads the EMAIL jobs; this many newest emails are listed. */
export const MAILBOX_PAGE_SIZE = 200

/** EXPIRED: a sign-in email whose link expired before it could be sent; it never will be. */
export type MailboxStatus = 'SENT' | 'QUEUED' | 'RETRYING' | 'EXPIRED'

export type MailboxSummary = {
  id: string
  to: string
  subject: string
  createdAt: Date
  sentAt: Date | null
  status: MailboxStatus
}

export type MailboxEmail = MailboxSummary & {
  text: string
  html: string
  messageId: string
  eventType: string | null
  attempts: number
  nextAttemptAt: Date
  lastError: string | null
}

function statusOf(row: { sentAt: Date | null; lastError: string | null; redactedAt: Date | null }): MailboxStatus {
  if (row.sentAt) return 'SENT'
  if (row.redactedAt) return 'EXPIRED'
  return row.lastError ? 'RETRYING' : 'QUEUED'
}

/** The newest emails, optionally only those to one address (case-insensitive). */
export async function listMailbox(db: Db, options: { to?: string } = {}): Promise<MailboxSummary[]> {
  const to = options.to?.trim()
  const onlyTo = to ? Prisma.sql`AND lower("payload"->>'to') = lower(${to})` : Prisma.empty
  const rows = await db.$queryRaw<{ id: string; to: string; subject: string; createdAt: Date; sentAt: Date | null; lastError: string | null; redactedAt: Date | null }[]>`
    SELECT "id", "payload"->>'to' AS "to", "payload"->>'subject' AS "subject", "createdAt", "doneAt" AS "sentAt", "lastError", "redactedAt"
    FROM "Job" WHERE "kind" = 'EMAIL' ${onlyTo}
    ORDER BY "createdAt" DESC, "id" DESC
    LIMIT ${MAILBOX_PAGE_SIZE}`
  return rows.map(({ lastError, redactedAt, ...row }) => ({ ...row, status: statusOf({ sentAt: row.sentAt, lastError, redactedAt }) }))
}

/** One email with both parts, or null. */
export async function getMailboxEmail(db: Db, id: string): Promise<MailboxEmail | null> {
  const job = await db.job.findFirst({ where: { id, kind: 'EMAIL' } })
  if (!job) return null
  const row = toEmailRow(job)
  return { ...row, status: statusOf(row) }
}

/**
 * The email's HTML for a sandboxed srcdoc iframe: links open in the top window (the app), since
 * the sandbox allows top navigation only on a click and nothing else (no scripts, no same-origin).
 */
export function toPreviewDocument(html: string): string {
  const base = '<base target="_top">'
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => `${head}${base}`) : `${base}${html}`
}
