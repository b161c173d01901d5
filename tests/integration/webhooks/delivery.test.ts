import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WEBHOOK_RETRY_WINDOW_MS } from '@/domain/webhooks'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { releasePayment } from '@/server/contracts/release-payment'
import { submitWork } from '@/server/contracts/submit-work'
import { getDb } from '@/server/db/client'
import { listDeliveries, redeliver } from '@/server/webhooks/deliveries'
import { createWebhook, rotateWebhookSecret, updateWebhook } from '@/server/webhooks/endpoints'
import { EXCERPT_CHARS } from '@/server/webhooks/send'
import { createContractScenario } from '../../factories'
import { findEmails } from '../../setup/emails'
import { verifyWebhook } from '../../../docs/examples/verify-webhook'
import { deliveriesOf, expectAllOnce, runDueAttempts } from './helpers'
import { startReceiver, type Receiver } from './receiver'

// The receiver listens on loopback over http: allowed only with WEBHOOK_ALLOW_PRIVATE=1, which
// this file sets before anything reads the environment (and removes when it ends).
vi.hoisted(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE = '1'
})
afterAll(() => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE
})

const db = getDb()
let receiver: Receiver

beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(() => receiver.stop())

/** A contract whose client has an endpoint on the test receiver. */
async function scenario(events?: string[]) {
  const s = await createContractScenario()
  const webhook = await createWebhook({ actor: s.client, url: receiver.url, events })
  const forThisContract = () => receiver.received.filter((r) => (JSON.parse(r.body) as { contractId: string }).contractId === s.contract.id)
  return { ...s, webhook, received: forThisContract }
}

describe('R23 webhook deliveries', () => {
  it('a funded milestone reaches the receiver signed (Standard Webhooks), with the event as payload', async () => {
    const s = await scenario()
    const [design] = s.contract.milestones
    await fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId: design!.id })
    const now = new Date()
    expect(await runDueAttempts(s.webhook.id, now)).toEqual(['DELIVERED'])

    const [request] = s.received()
    expect(request).toBeDefined()
    const verified = receiver.verify(s.webhook.secret, request!)
    expect(verified).toMatchObject({ ok: true })
    // The same bytes replayed later than the 5-minute tolerance are refused by the documented verifier.
    const sentAt = Number(request!.headers['webhook-timestamp'])
    const replay = { secret: s.webhook.secret, headers: request!.headers as Record<string, string>, body: request!.body }
    expect(verifyWebhook({ ...replay, nowSeconds: sentAt + 300 }).ok).toBe(true)
    expect(verifyWebhook({ ...replay, nowSeconds: sentAt + 301 })).toMatchObject({ ok: false, reason: 'timestamp outside the 5-minute tolerance' })
    const event = await db.activityEvent.findFirstOrThrow({ where: { contractId: s.contract.id, type: 'MILESTONE_FUNDED' } })
    expect(request!.headers['webhook-id']).toBe(event.id)
    expect(Math.abs(Number(request!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60)
    expect(request!.headers['content-type']).toBe('application/json')
    expect(JSON.parse(request!.body)).toEqual({ id: event.id, type: 'MILESTONE_FUNDED', contractId: s.contract.id, at: event.createdAt.toISOString(), data: event.data })

    const { deliveries } = await listDeliveries({ actor: s.client, webhookId: s.webhook.id })
    expect(deliveries).toEqual([
      expect.objectContaining({ eventId: event.id, type: 'MILESTONE_FUNDED', attempt: 1, status: 'DELIVERED', responseCode: 204, attempts: [expect.objectContaining({ attempt: 1, status: 'DELIVERED', responseCode: 204 })] }),
    ])
    expect(deliveries[0]!.durationMs).toBeGreaterThanOrEqual(0)
  })

  it('sends only the chosen event types, and nothing to endpoints of people outside the contract or turned off', async () => {
    const s = await scenario(['PAYMENT_RELEASED'])
    const outsiders = await createWebhook({ actor: s.outsider, url: receiver.url })
    const expertOff = await createWebhook({ actor: s.expert, url: receiver.url })
    await updateWebhook({ actor: s.expert, webhookId: expertOff.id, enabled: false })
    const [design] = s.contract.milestones
    await fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId: design!.id })
    await releasePayment({ actor: s.client, contractId: s.contract.id, milestoneId: design!.id, amountCents: 10_000 })
    expect((await deliveriesOf(s.webhook.id)).map((d) => d.eventType)).toEqual(['PAYMENT_RELEASED'])
    expect(await deliveriesOf(outsiders.id)).toEqual([])
    expect(await deliveriesOf(expertOff.id)).toEqual([])
  })

  it('a receiver that is down, then up: every event is delivered once, none lost', async () => {
    const down = await startReceiver()
    const s = await createContractScenario()
    const webhook = await createWebhook({ actor: s.client, url: down.url })
    await down.stop()
    const [design] = s.contract.milestones
    await fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId: design!.id })
    await submitWork({ actor: s.expert, contractId: s.contract.id, milestoneId: design!.id, message: 'Done' })
    await releasePayment({ actor: s.client, contractId: s.contract.id, milestoneId: design!.id, amountCents: 4_000 })

    let now = new Date()
    expect(await runDueAttempts(webhook.id, now)).toEqual(['RETRY', 'RETRY', 'RETRY'])
    // Not due yet: nothing is tried before its backoff ends.
    expect(await runDueAttempts(webhook.id, new Date(now.getTime() + 29_000))).toEqual([])
    now = new Date(now.getTime() + 30_000)
    expect(await runDueAttempts(webhook.id, now)).toEqual(['RETRY', 'RETRY', 'RETRY'])
    const failed = await deliveriesOf(webhook.id)
    expect(failed.map((d) => d.attempts)).toEqual([2, 2, 2])
    expect(failed[0]!.log.map((a) => a.error)).toEqual([expect.stringMatching(/ECONNREFUSED/), expect.stringMatching(/ECONNREFUSED/)])

    await down.start()
    now = new Date(now.getTime() + 60_000)
    expect(await runDueAttempts(webhook.id, now)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED'])
    now = new Date(now.getTime() + WEBHOOK_RETRY_WINDOW_MS)
    expect(await runDueAttempts(webhook.id, now)).toEqual([])

    const ids = down.received.map((r) => r.headers['webhook-id'] as string)
    expectAllOnce(ids)
    const events = await db.activityEvent.findMany({ where: { contractId: s.contract.id, type: { in: ['MILESTONE_FUNDED', 'WORK_SUBMITTED', 'PAYMENT_RELEASED'] } } })
    expect(ids.sort()).toEqual(events.map((e) => e.id).sort())
    for (const request of down.received) expect(down.verify(webhook.secret, request).ok).toBe(true)
    expect((await deliveriesOf(webhook.id)).map((d) => [d.status, d.attempts])).toEqual([['DELIVERED', 3], ['DELIVERED', 3], ['DELIVERED', 3]])
    await down.stop()
  })

  it('after 3 days of failures the delivery fails, the endpoint is turned off and its owner emailed', async () => {
    const failing = await startReceiver({ status: 500, responseBody: 'x'.repeat(10_000) })
    const s = await createContractScenario()
    const webhook = await createWebhook({ actor: s.client, url: failing.url })
    await fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId: s.contract.milestones[0]!.id })
    const start = new Date()
    expect(await runDueAttempts(webhook.id, start)).toEqual(['RETRY'])
    const [afterFirst] = await deliveriesOf(webhook.id)
    // The response body is kept as a short excerpt only.
    expect(afterFirst!.log[0]).toMatchObject({ responseCode: 500, status: 'FAILED', excerpt: 'x'.repeat(EXCERPT_CHARS) })

    const end = new Date(afterFirst!.retryUntil.getTime())
    expect(await runDueAttempts(webhook.id, end)).toEqual(['FAILED'])
    const endpoint = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: webhook.id } })
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: 'Deliveries failed for 3 days.' })
    const client = await db.user.findUniqueOrThrow({ where: { id: s.client.userId } })
    const emails = (await findEmails(db, { to: client.email })).filter((e) => e.eventType === 'WEBHOOK_DISABLED')
    expect(emails).toHaveLength(1)
    expect(emails[0]!.text).toContain(failing.url)
    expect(emails[0]!.text).toContain('/settings/webhooks')

    // Turned off: later events are not written for it; a redelivery needs it turned on first.
    await releasePayment({ actor: s.client, contractId: s.contract.id, milestoneId: s.contract.milestones[0]!.id, amountCents: 10_000 })
    expect(await deliveriesOf(webhook.id)).toHaveLength(1)
    await expect(redeliver({ actor: s.client, webhookId: webhook.id, deliveryId: afterFirst!.id })).rejects.toMatchObject({ code: 'WEBHOOK_DISABLED' })
    await failing.stop()
  })

  it('redelivers a failed delivery with the same webhook-id and body, once, without turning the endpoint off', async () => {
    const flaky = await startReceiver({ status: 503 })
    const s = await createContractScenario()
    const webhook = await createWebhook({ actor: s.client, url: flaky.url })
    await fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId: s.contract.milestones[0]!.id })
    const [delivery] = await deliveriesOf(webhook.id)
    await runDueAttempts(webhook.id, delivery!.retryUntil)
    await updateWebhook({ actor: s.client, webhookId: webhook.id, enabled: true })
    expect((await deliveriesOf(webhook.id))[0]!.status).toBe('FAILED')

    flaky.state.status = 200
    const pending = await redeliver({ actor: s.client, webhookId: webhook.id, deliveryId: delivery!.id })
    expect(pending).toMatchObject({ id: delivery!.id, status: 'PENDING' })
    // Redelivering again while it is pending does not send it twice.
    await redeliver({ actor: s.client, webhookId: webhook.id, deliveryId: delivery!.id })
    expect(await runDueAttempts(webhook.id, new Date())).toEqual(['DELIVERED'])
    const [first, again] = flaky.received
    expect(flaky.received).toHaveLength(2)
    expect(again!.headers['webhook-id']).toBe(first!.headers['webhook-id'])
    expect(again!.body).toBe(first!.body)
    expect(flaky.verify(webhook.secret, again!).ok).toBe(true)

    // A failed redelivery is one try, and leaves the endpoint on.
    flaky.state.status = 500
    await redeliver({ actor: s.client, webhookId: webhook.id, deliveryId: delivery!.id })
    expect(await runDueAttempts(webhook.id, new Date())).toEqual(['FAILED'])
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: webhook.id } })).enabled).toBe(true)
    await flaky.stop()
  })

  it('after a rotation, deliveries carry signatures with the new and the old secret for 24 hours', async () => {
    const s = await scenario()
    const { secret: newSecret } = await rotateWebhookSecret({ actor: s.client, webhookId: s.webhook.id })
    expect(newSecret).not.toBe(s.webhook.secret)
    await fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId: s.contract.milestones[0]!.id })
    await runDueAttempts(s.webhook.id, new Date())
    const [request] = s.received()
    expect((request!.headers['webhook-signature'] as string).split(' ')).toHaveLength(2)
    expect(receiver.verify(newSecret, request!).ok).toBe(true)
    expect(receiver.verify(s.webhook.secret, request!).ok).toBe(true)

    // 24 hours later only the new secret signs.
    await db.webhookEndpoint.updateMany({ where: { id: s.webhook.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1) } })
    await releasePayment({ actor: s.client, contractId: s.contract.id, milestoneId: s.contract.milestones[0]!.id, amountCents: 10_000 })
    await runDueAttempts(s.webhook.id, new Date())
    const later = s.received()[1]!
    expect((later.headers['webhook-signature'] as string).split(' ')).toHaveLength(1)
    expect(receiver.verify(newSecret, later).ok).toBe(true)
    expect(receiver.verify(s.webhook.secret, later)).toMatchObject({ ok: false, reason: 'no matching signature' })
  })

  it('a receiver answering with a NUL byte is recorded once as delivered (the excerpt drops it), not resent forever', async () => {
    const odd = await startReceiver({ status: 200, responseBody: 'ok\u0000done' })
    const s = await createContractScenario()
    const webhook = await createWebhook({ actor: s.client, url: odd.url })
    await fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId: s.contract.milestones[0]!.id })
    expect(await runDueAttempts(webhook.id, new Date())).toEqual(['DELIVERED'])
    const [delivery] = await deliveriesOf(webhook.id)
    expect(delivery!.log[0]).toMatchObject({ responseCode: 200 })
    expect(JSON.stringify(delivery)).toContain('okdone')
    await odd.stop()
  })

  it('a receiver that never answers times out, and the attempt is logged as such', async () => {
    const silent = await startReceiver()
    silent.state.hang = true
    const s = await createContractScenario()
    const webhook = await createWebhook({ actor: s.client, url: silent.url })
    await fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId: s.contract.milestones[0]!.id })
    expect(await runDueAttempts(webhook.id, new Date(), { timeoutMs: 300 })).toEqual(['RETRY'])
    const [delivery] = await deliveriesOf(webhook.id)
    expect(delivery!.log[0]).toMatchObject({ responseCode: null, error: 'No answer within 0.3 s' })
    expect(delivery!.log[0]!.durationMs).toBeGreaterThanOrEqual(250)
    await silent.stop()
  })
})

describe('R23 sends to the address it checked', () => {
  it('connects to the resolved address it approved, with the URL’s host in the Host header (no second DNS answer)', async () => {
    const s = await createContractScenario()
    // "hooks.invalid" resolves nowhere: only the address the guard checked can have been used.
    const resolve = async () => [{ address: '127.0.0.1', family: 4 as const }]
    const webhook = await createWebhook({ actor: s.client, url: `http://hooks.invalid:${receiver.port}/pinned?x=1` }, { resolve })
    await fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId: s.contract.milestones[0]!.id })
    expect(await runDueAttempts(webhook.id, new Date(), { resolve })).toEqual(['DELIVERED'])
    const request = receiver.received.find((r) => r.path === '/pinned?x=1')
    expect(request?.headers.host).toBe(`hooks.invalid:${receiver.port}`)
    expect(receiver.verify(webhook.secret, request!).ok).toBe(true)
  })
})
