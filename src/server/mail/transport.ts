import 'server-only'
import nodemailer from 'nodemailer'
import type { Env } from '../env'

/** One message as the worker hands it over; `messageId` becomes the Message-ID header. */
export type MailMessage = { from: string; to: string; subject: string; text: string; html: string; messageId: string }

/** What the worker sends through: a nodemailer transporter, or the dev mailbox's no-op. */
export type MailTransport = {
  sendMail: (message: MailMessage) => Promise<unknown>
  close?: () => void
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
export const devMailboxTransport: MailTransport = { sendMail: async () => ({ accepted: 'dev-mailbox' }) }

/** Whether /dev/mailbox is served: always outside production, in production only with DEV_MAILBOX=1. */
export function isDevMailboxEnabled(env: Pick<Env, 'NODE_ENV' | 'DEV_MAILBOX'>): boolean {
  return env.NODE_ENV !== 'production' || env.DEV_MAILBOX
}

/**
 * SMTP when SMTP_URL is set; otherwise the dev mailbox where it is enabled; otherwise (production
 * without SMTP) null: nothing is marked sent, and the rows wait for SMTP_URL.
 */
export function createMailTransport(env: Pick<Env, 'SMTP_URL' | 'NODE_ENV' | 'DEV_MAILBOX'>): MailTransport | null {
  if (env.SMTP_URL) return createSmtpTransport(env.SMTP_URL)
  return isDevMailboxEnabled(env) ? devMailboxTransport : null
}
