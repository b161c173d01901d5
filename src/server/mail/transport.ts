import 'server-only'
import nodemailer from 'nodemailer'
import type { Env } from '../env'

/** One message as the worker hands it over; `messageId` becomes the Message-ID header. */
export type MailMessage = { from: string; to: string; subject: string; text: string; html: string; messageId: string }

/** What the worker sends through: a nodemailer transporter, or the dev mailbox's no-op. */
export type MailTransport = {
  sendMail: (message: MailMessage) => Promise<unknown>
  close?: () => void
  /** The dev mailbox: "sent" emails are read from the outbox, so sign-in links stay until they expire. */
  isDevMailbox?: boolean
}

// Every wait is bounded, so one send always ends well inside the worker's lease.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, dnsTimeout: 10_000 }

/** An SMTP transport for `smtp://` / `smtps://` URLs (credentials, port and TLS come from the URL). */
export function createSmtpTransport(url: string): MailTransport {
  return nodemailer.createTransport({ url, ...SMTP_TIMEOUTS })
}

/**
 * With no SMTP server the emails are "delivered" to the dev mailbox: the row is marked sent without
 * touching the network, and /dev/mailbox reads it from the outbox table.
 */
export const devMailboxTransport: MailTransport = { sendMail: async () => ({ accepted: 'dev-mailbox' }), isDevMailbox: true }

/**
 * Whether /dev/mailbox is served, and the worker "delivers" into it: only when no real mail is sent
 * (no SMTP_URL) and the instance is a demo (DEMO_MODE=1) or `npm run dev`. The mailbox shows every
 * email, sign-in links included, to anyone who can reach the server; a deployment that sends real
 * mail, or is not a demo, must never have one, whatever else its environment says.
 */
export function isDevMailboxEnabled(env: Pick<Env, 'NODE_ENV' | 'SMTP_URL' | 'DEMO_MODE'>): boolean {
  return !env.SMTP_URL && (env.DEMO_MODE || env.NODE_ENV === 'development')
}

/**
 * SMTP when SMTP_URL is set; otherwise the dev mailbox where it is enabled; otherwise (a real
 * deployment without SMTP) null: nothing is marked sent, and the rows wait for SMTP_URL.
 */
export function createMailTransport(env: Pick<Env, 'SMTP_URL' | 'NODE_ENV' | 'DEMO_MODE'>): MailTransport | null {
  if (env.SMTP_URL) return createSmtpTransport(env.SMTP_URL)
  return isDevMailboxEnabled(env) ? devMailboxTransport : null
}
