import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSendVerificationRequest } from '@/server/auth/sign-in-email'
import { getMailboxEmail } from '@/server/mail/mailbox'
import { enqueueEmails } from '@/server/mail/outbox'
import { createSmtpTransport, devMailboxTransport } from '@/server/mail/transport'
import { deliverDueEmails } from '@/server/mail/worker'
import { runMaintenance } from '@/server/maintenance'
import { createTestDb } from '../setup/db'
import { decodeQuotedPrintable, startSmtpSink } from '../setup/smtp-sink'
import { findEmails } from '../setup/emails'
import { prismaSql } from '@/server/db/sql'

// A magic link must not stay readable in the outbox: once it is sent over SMTP the stored email
// keeps its row (for the record) but loses the link; one that was never sent, or sits in the demo's
// dev mailbox, loses it when it expires (10 minutes).

const db = createTestDb()
const APP_URL = 'http://localhost:3000'
const FROM = 'Tranche <no-reply@test.tranche>'
let sink: Awaited<ReturnType<typeof startSmtpSink>>
beforeAll(async () => {
  sink = await startSmtpSink()
})
afterAll(async () => {
  await sink.close()
  await db.$disconnect()
})

/** Writes a real magic-link email into the outbox, as next-auth's sendVerificationRequest does; returns its row and token. */
async function magicLinkEmail() {
  const identifier = `redact-${randomUUID()}@test.tranche`
  const token = randomUUID().replace(/-/g, '')
  const url = `${APP_URL}/api/auth/callback/email?${new URLSearchParams({ callbackUrl: `${APP_URL}/contracts`, token, email: identifier })}`
  await createSendVerificationRequest({ db, appUrl: APP_URL })({ identifier, url, expires: new Date(Date.now() + 600_000) })
  const [row] = await findEmails(db, { to: identifier })
  if (!row) throw new Error('no sign-in email')
  expect(row.text).toContain(token)
  return { row, token, identifier }
}

const stored = async (id: string) => (await findEmails(db, { ids: [id] }))[0]!
const ELEVEN_MINUTES = 11 * 60_000

describe('magic links leave the outbox', () => {
  it('once sent over SMTP: the row stays, the link and token are gone from its text and HTML', async () => {
    const { row, token, identifier } = await magicLinkEmail()
    await deliverDueEmails({ db, transport: createSmtpTransport(sink.url), from: FROM, recipients: [identifier] })
    const received = sink.received.findLast((m) => m.to.includes(identifier))
    expect(decodeQuotedPrintable(received!.raw)).toContain(token)

    const after = await stored(row.id)
    expect(after.sentAt).not.toBeNull()
    expect(after.redactedAt).not.toBeNull()
    for (const part of [after.text, after.html]) {
      expect(part).not.toContain(token)
      expect(part).not.toContain('/signin/confirm?')
      expect(part).toContain('[sign-in link removed]')
    }
    expect(after.subject).toBe(row.subject)
  })

  it('in the demo dev mailbox the link works until it expires, then it is removed too', async () => {
    const { row, token, identifier } = await magicLinkEmail()
    await deliverDueEmails({ db, transport: devMailboxTransport, from: FROM, recipients: [identifier] })
    expect((await stored(row.id)).text).toContain(token)
    await runMaintenance(db, new Date(Date.now() + ELEVEN_MINUTES))
    const after = await stored(row.id)
    expect(after.text).not.toContain(token)
    expect(after.html).not.toContain(token)
  })

  it('one never sent (no SMTP yet) is removed at expiry and never sent afterwards', async () => {
    const { row, token, identifier } = await magicLinkEmail()
    await runMaintenance(db, new Date(Date.now() + ELEVEN_MINUTES))
    const after = await stored(row.id)
    expect(after).toMatchObject({ sentAt: null })
    expect(after.redactedAt).not.toBeNull()
    expect(after.html).not.toContain(token)
    expect((await getMailboxEmail(db, row.id))?.status).toBe('EXPIRED')
    const report = await deliverDueEmails({ db, transport: createSmtpTransport(sink.url), from: FROM, recipients: [identifier], now: new Date(Date.now() + ELEVEN_MINUTES) })
    expect(report.claimed).toBe(0)
  })

  it('other emails keep their links', async () => {
    const to = `other-${randomUUID()}@test.tranche`
    const link = `${APP_URL}/contracts/abc`
    await enqueueEmails(prismaSql(db), [{ to, subject: 'Milestone funded', text: `Open: ${link}\n`, html: `<a href="${link}">Open</a>`, eventType: 'MILESTONE_FUNDED' }])
    await deliverDueEmails({ db, transport: createSmtpTransport(sink.url), from: FROM, recipients: [to] })
    await runMaintenance(db, new Date(Date.now() + ELEVEN_MINUTES))
    const [after] = await findEmails(db, { to })
    if (!after) throw new Error('no email')
    expect(after.text).toContain(link)
    expect(after.redactedAt).toBeNull()
  })
})
