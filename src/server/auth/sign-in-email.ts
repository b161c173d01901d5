import 'server-only'
import type { SendVerificationRequestParams } from 'next-auth/providers/email'
import type { Db } from '../db/client'
import { renderLayout } from '../mail/layout'
import { enqueueEmails } from '../mail/outbox'
import { SIGN_IN_EVENT_TYPE } from '../mail/redact'
import { prismaSql } from '../db/sql'

/**
 * The link in the email: our confirmation page, not next-auth's callback. A mail scanner that
 * fetches links only loads a page; the token is spent when the person presses "Sign in" there.
 */
export function toConfirmationUrl(callbackUrl: string, appUrl: string): string {
  const nextAuthLink = new URL(callbackUrl)
  const confirm = new URL('/signin/confirm', appUrl)
  for (const name of ['token', 'email', 'callbackUrl']) {
    const value = nextAuthLink.searchParams.get(name)
    if (value !== null) confirm.searchParams.set(name, value)
  }
  return confirm.toString()
}

/**
 * next-auth's `sendVerificationRequest`: writes the magic-link email into the outbox, from which
 * the outbox worker sends it (or keeps it for the dev mailbox when no SMTP_URL is set). The raw
 * token appears only inside the link, which is removed from the stored copy once sent or expired.
 */
export function createSendVerificationRequest({ db, appUrl }: { db: Db; appUrl: string }) {
  return async function sendVerificationRequest({ identifier, url, expires }: Pick<SendVerificationRequestParams, 'identifier' | 'url' | 'expires'>) {
    const link = toConfirmationUrl(url, appUrl)
    const minutes = Math.max(1, Math.round((expires.getTime() - Date.now()) / 60_000))
    const { subject, text, html } = renderLayout(
      {
        subject: 'Sign in to Tranche',
        lead: `Use the button below to sign in to Tranche as ${identifier}.`,
        paragraphs: [`The link works once and expires in ${minutes} minutes.`],
        action: { label: 'Sign in to Tranche', url: link },
      },
      { name: null, email: identifier },
      'You get this email because someone asked to sign in to Tranche with this address. If it was not you, ignore it: nothing happens without the link.',
    )
    await enqueueEmails(prismaSql(db), [{ to: identifier, subject, text, html, eventType: SIGN_IN_EVENT_TYPE }])
  }
}
