import 'server-only'
import type { Db } from '../db/client'
import type { EmailPayload } from './outbox'

/** The EMAIL job tag (event type) of magic-link emails. */
export const SIGN_IN_EVENT_TYPE = 'SIGN_IN'

/** How long a magic link works (next-auth's Email provider maxAge): after it, the stored link is useless and is removed. */
export const MAGIC_LINK_MAX_AGE_SECONDS = 10 * 60

/** Every confirmation link, raw (text part) or HTML-escaped (&amp;, in the HTML part). */
const CONFIRMATION_LINK = /https?:\/\/[^\s"'<>]*\/signin\/confirm\?[^\s"'<>]*/g

export const REMOVED_LINK = '[sign-in link removed]'

/** The email with every magic link replaced: what stays in the outbox once the link was delivered or has expired. */
export function redactSignInLinks(email: { text: string; html: string }): { text: string; html: string } {
  return { text: email.text.replace(CONFIRMATION_LINK, REMOVED_LINK), html: email.html.replace(CONFIRMATION_LINK, REMOVED_LINK) }
}

/**
 * Removes the link from sign-in emails whose link has expired: never sent (no SMTP yet), or kept
 * in the demo's dev mailbox. Marks them redacted, so the worker never sends one afterwards.
 */
export async function redactExpiredSignInEmails(db: Db, now: Date = new Date()): Promise<number> {
  const expiredBefore = new Date(now.getTime() - MAGIC_LINK_MAX_AGE_SECONDS * 1000)
  const rows = await db.job.findMany({
    where: { kind: 'EMAIL', tag: SIGN_IN_EVENT_TYPE, redactedAt: null, createdAt: { lt: expiredBefore } },
    select: { id: true, payload: true },
    take: 500,
  })
  let count = 0
  for (const row of rows) {
    const email = row.payload as EmailPayload
    const { count: updated } = await db.job.updateMany({ where: { id: row.id, redactedAt: null }, data: { payload: { ...email, ...redactSignInLinks(email) }, redactedAt: now } })
    count += updated
  }
  return count
}
