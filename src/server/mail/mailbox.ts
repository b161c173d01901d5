import 'server-only'
import type { Db } from '../db/client'

/** The dev mailbox reads the outbox table; this many newest emails are listed. */
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
  const rows = await db.outboxEmail.findMany({
    where: to ? { to: { equals: to, mode: 'insensitive' } } : undefined,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: MAILBOX_PAGE_SIZE,
    select: { id: true, to: true, subject: true, createdAt: true, sentAt: true, lastError: true, redactedAt: true },
  })
  return rows.map(({ lastError, redactedAt, ...row }) => ({ ...row, status: statusOf({ sentAt: row.sentAt, lastError, redactedAt }) }))
}

/** One email with both parts, or null. */
export async function getMailboxEmail(db: Db, id: string): Promise<MailboxEmail | null> {
  const row = await db.outboxEmail.findUnique({ where: { id } })
  if (!row) return null
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
