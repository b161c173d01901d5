import 'server-only'
import { randomUUID } from 'node:crypto'
import type { Prisma } from '@/generated/prisma/client'

/** One email to write into the outbox; the worker sends it after the transaction commits. */
export type OutgoingEmail = {
  to: string
  subject: string
  text: string
  html: string
  contractId?: string | null
  eventType?: string | null
}

/** Anything with the outbox table: a transaction client (services) or the client itself (scripts). */
export type OutboxWriter = Pick<Prisma.TransactionClient, 'outboxEmail'>

/** The Message-ID header a row is always sent with, so a resend after a crash is the same message. */
export function toMessageId(id: string): string {
  return `<${id}@tranche.local>`
}

/**
 * Writes emails into the outbox with the caller's transaction client, so they commit or roll back
 * with the change they report. Each row gets a fresh id and a stable Message-ID derived from it.
 * Returns the ids written (in input order).
 */
export async function enqueueEmails(tx: OutboxWriter, emails: readonly OutgoingEmail[]): Promise<string[]> {
  if (emails.length === 0) return []
  // Times come from this clock, like every other Prisma write, not from the database's default:
  // the columns have no time zone, and a server whose TimeZone is not UTC would shift them.
  const now = new Date()
  const rows = emails.map((email) => {
    const id = randomUUID()
    return {
      id,
      messageId: toMessageId(id),
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      contractId: email.contractId ?? null,
      eventType: email.eventType ?? null,
      nextAttemptAt: now,
      createdAt: now,
    }
  })
  await tx.outboxEmail.createMany({ data: rows })
  return rows.map((row) => row.id)
}
