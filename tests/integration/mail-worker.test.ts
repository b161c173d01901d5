import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Prisma } from '@/generated/prisma/client'
import { enqueueEmails, toMessageId } from '@/server/mail/outbox'
import { createSmtpTransport, type MailMessage } from '@/server/mail/transport'
import { deliverDueEmails, retryDelayMs, RETRY_CAP_MS } from '@/server/mail/worker'
import { createTestDb } from '../setup/db'
import { findEmails } from '../setup/emails'
import { prismaSql } from '@/server/db/sql'

const db = createTestDb()
const FROM = 'Tranche <no-reply@test.tranche>'

type Received = { to: string[]; messageId: string | null; subject: string | null }

/**
 * An SMTP server on a free loopback port that records what it accepts. `rejecting` makes it refuse
 * every recipient (a server that is up but failing); `stop()` closes the port (a server that is down).
 */
async function startSmtpSink(port = 0) {
  const received: Received[] = []
  const state = { rejecting: false }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (state.rejecting) return callback(Object.assign(new Error('Mailbox unavailable, try again later'), { responseCode: 451 }))
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const headers = Buffer.concat(chunks).toString('utf8').split(/\r?\n\r?\n/)[0] ?? ''
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: /^Message-ID:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? null,
          subject: /^Subject:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? null,
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const actualPort = (server.server.address() as AddressInfo).port
  return {
    received,
    state,
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

type Sink = Awaited<ReturnType<typeof startSmtpSink>>
let sink: Sink

beforeAll(async () => {
  sink = await startSmtpSink()
})
afterAll(async () => {
  await sink.stop()
  await db.$disconnect()
})

/** Unique recipients per test, so parallel test files on the one database never share rows. */
function recipients(count: number): string[] {
  const run = randomUUID().slice(0, 8)
  return Array.from({ length: count }, (_, i) => `mail-${run}-${i}@test.tranche`)
}

async function enqueueFor(addresses: string[]): Promise<string[]> {
  return enqueueEmails(
    prismaSql(db),
    addresses.map((to) => ({ to, subject: `Hello ${to}`, text: `Text for ${to}`, html: `<p>HTML for ${to}</p>`, eventType: 'TEST' })),
  )
}

function receivedBy(addresses: string[]): Received[] {
  return sink.received.filter((r) => r.to.some((to) => addresses.includes(to)))
}

describe('the job worker sending EMAIL jobs through an SMTP server', () => {
  it('delivers each due row exactly once, to its recipient, with the row’s stable Message-ID', async () => {
    const to = recipients(3)
    const ids = await enqueueFor(to)
    const transport = createSmtpTransport(sink.url)

    const report = await deliverDueEmails({ db, transport, from: FROM, recipients: to })
    expect(report).toMatchObject({ claimed: 3, sent: 3, failed: 0 })
    // A second run finds nothing due: sent rows are never sent again.
    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to })).toMatchObject({ claimed: 0, sent: 0 })

    const got = receivedBy(to)
    expect(got).toHaveLength(3)
    const rows = await findEmails(db, { ids })
    for (const row of rows) {
      expect(row.messageId).toBe(toMessageId(row.id))
      expect(row.sentAt).not.toBeNull()
      expect(row).toMatchObject({ attempts: 1, lastError: null })
      expect(got.filter((r) => r.messageId === row.messageId)).toEqual([{ to: [row.to], messageId: row.messageId, subject: row.subject }])
    }
  })

  it('leaves rows that are not yet due alone', async () => {
    const to = recipients(1)
    const [id] = await enqueueFor(to)
    const later = new Date(Date.now() + 60_000)
    await db.job.update({ where: { id }, data: { runAt: later } })
    const transport = createSmtpTransport(sink.url)
    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to })).toMatchObject({ claimed: 0 })
    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to, now: new Date(later.getTime() + 1) })).toMatchObject({ sent: 1 })
    expect(receivedBy(to)).toHaveLength(1)
  })

  it('keeps rows while the SMTP server refuses them, backs off, and sends each once when it recovers', async () => {
    const to = recipients(4)
    const ids = await enqueueFor(to)
    const server = await startSmtpSink()
    const transport = createSmtpTransport(server.url)
    const t0 = new Date()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})

    server.state.rejecting = true
    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to, now: t0 })).toMatchObject({ claimed: 4, sent: 0, failed: 4 })
    let rows = await findEmails(db, { ids })
    for (const row of rows) {
      expect(row.sentAt).toBeNull()
      expect(row.attempts).toBe(1)
      expect(row.lastError).toMatch(/Mailbox unavailable/)
      expect(row.nextAttemptAt.getTime()).toBe(t0.getTime() + retryDelayMs(1))
    }
    // Not due again before the backoff ends.
    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to, now: new Date(t0.getTime() + 1_000) })).toMatchObject({ claimed: 0 })

    // Second failure doubles the delay.
    const t1 = new Date(t0.getTime() + retryDelayMs(1))
    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to, now: t1 })).toMatchObject({ failed: 4 })
    rows = await findEmails(db, { ids })
    expect(rows.map((r) => [r.attempts, r.nextAttemptAt.getTime() - t1.getTime()])).toEqual(rows.map(() => [2, 2 * retryDelayMs(1)]))

    server.state.rejecting = false
    const t2 = new Date(t1.getTime() + retryDelayMs(2))
    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to, now: t2 })).toMatchObject({ sent: 4, failed: 0 })
    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to, now: new Date(t2.getTime() + RETRY_CAP_MS) })).toMatchObject({ claimed: 0 })
    expect(server.received.map((r) => r.to[0]).sort()).toEqual([...to].sort())
    rows = await findEmails(db, { ids })
    expect(rows.every((r) => r.sentAt !== null && r.lastError === null && r.attempts === 3)).toBe(true)
    // Every failure was logged: late mail is never silent.
    expect(warn).toHaveBeenCalledTimes(8)
    warn.mockRestore()
    await server.stop()
  })

  it('keeps rows while the SMTP server is down (port closed), and delivers them once it is back on that port', async () => {
    const to = recipients(2)
    const ids = await enqueueFor(to)
    const first = await startSmtpSink()
    const { port, url } = first
    await first.stop()
    const transport = createSmtpTransport(url)
    const t0 = new Date()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})

    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to, now: t0 })).toMatchObject({ failed: 2 })
    const rows = await findEmails(db, { ids })
    for (const row of rows) {
      expect(row).toMatchObject({ sentAt: null, attempts: 1 })
      expect(row.lastError).toMatch(/ECONNREFUSED/)
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(t0.getTime())
    }
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/failed \(attempt 1\).*ECONNREFUSED/))
    warn.mockRestore()

    const back = await startSmtpSink(port)
    const later = new Date(t0.getTime() + RETRY_CAP_MS)
    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to, now: later })).toMatchObject({ sent: 2 })
    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to, now: later })).toMatchObject({ claimed: 0 })
    expect(back.received.map((r) => r.to[0]).sort()).toEqual([...to].sort())
    await back.stop()
  })

  it('never sends a row twice when several workers run at once (FOR UPDATE SKIP LOCKED)', async () => {
    const to = recipients(30)
    await enqueueFor(to)
    const smtp = createSmtpTransport(sink.url)
    // A little latency per send, so the workers' claims and sends interleave.
    const transport = { sendMail: async (message: MailMessage) => (await sleep(Math.random() * 10), smtp.sendMail(message)) }
    // Each worker drains in small batches until it finds nothing, like the interval loop does.
    const drain = async () => {
      let sent = 0
      for (;;) {
        const report = await deliverDueEmails({ db, transport, from: FROM, recipients: to, batchSize: 4 })
        sent += report.sent
        if (report.claimed === 0) return sent
      }
    }
    const counts = await Promise.all([drain(), drain(), drain()])
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30)
    expect(counts.filter((count) => count > 0).length).toBeGreaterThan(1)
    const got = receivedBy(to)
    expect(got).toHaveLength(30)
    expect(new Set(got.map((r) => r.messageId)).size).toBe(30)
    expect(got.map((r) => r.to[0]).sort()).toEqual([...to].sort())
  })

  it('hides a claimed row from other workers while it is being sent (the lease), without holding a transaction', async () => {
    const to = recipients(2)
    await enqueueFor(to)
    const smtp = createSmtpTransport(sink.url)
    let unblock = () => {}
    const blocked = new Promise<void>((resolve) => (unblock = resolve))
    const slow = { sendMail: async (message: MailMessage) => (await blocked, smtp.sendMail(message)) }

    const first = deliverDueEmails({ db, transport: slow, from: FROM, recipients: to })
    await vi.waitFor(async () => expect((await findEmails(db, { to })).filter((r) => r.nextAttemptAt.getTime() > Date.now() + 60_000)).toHaveLength(2))
    // The second worker runs while the first is mid-send: nothing for it.
    expect(await deliverDueEmails({ db, transport: smtp, from: FROM, recipients: to })).toMatchObject({ claimed: 0 })
    unblock()
    expect(await first).toMatchObject({ claimed: 2, sent: 2 })
    expect(receivedBy(to)).toHaveLength(2)
  })

  it('skips rows another transaction holds locked instead of waiting for them', async () => {
    const to = recipients(2)
    const ids = await enqueueFor(to)
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let locked = () => {}
    const isLocked = new Promise<void>((resolve) => (locked = resolve))
    const holder = db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "Job" WHERE "id" IN (${Prisma.join(ids)}) FOR UPDATE`
      locked()
      await held
    })
    await isLocked
    const transport = createSmtpTransport(sink.url)
    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to })).toMatchObject({ claimed: 0 })
    release()
    await holder
    expect(await deliverDueEmails({ db, transport, from: FROM, recipients: to })).toMatchObject({ sent: 2 })
    expect(receivedBy(to)).toHaveLength(2)
  })

  it('writes nothing when the transaction that enqueued the email rolls back', async () => {
    const to = recipients(1)
    await expect(
      db.$transaction(async (tx) => {
        await enqueueEmails(prismaSql(tx), [{ to: to[0]!, subject: 'Never', text: 'never', html: '<p>never</p>' }])
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await findEmails(db, { to })).toHaveLength(0)
    expect(await deliverDueEmails({ db, transport: createSmtpTransport(sink.url), from: FROM, recipients: to })).toMatchObject({ claimed: 0 })
  })
})
