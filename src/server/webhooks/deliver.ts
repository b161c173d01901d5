import 'server-only'
import { randomUUID } from 'node:crypto'
import { nextWebhookAttemptAt, signingSecrets } from '@/domain/webhooks'
import { inTransaction } from '../contracts/run-command'
import type { Db } from '../db/client'
import { getEnv } from '../env'
import { enqueueEmails } from '../mail/outbox'
import { renderWebhookDisabledEmail } from '../mail/webhook-templates'
import { scheduleWebhookAttempts } from './schedule'
import { sendWebhookRequest, type SendResult } from './send'
import { signWebhook } from './signature'
import { checkWebhookUrl, type Resolver } from './url-policy'
import { prismaSql } from '../db/sql'

/**
 * One attempt at a webhook delivery, run by the WEBHOOK job after the command committed: check the
 * URL again on the address it resolves to now (SSRF guard), sign with the endpoint's secret(s) at
 * the wall clock's second, POST, and record the attempt. A failure schedules the next attempt
 * (30 s, 1 min, … up to 6 h apart) until 3 days after the event; the attempt at that point failing
 * too fails the delivery, turns the endpoint off and emails its owner, in one transaction.
 */

export type AttemptOutcome = 'DELIVERED' | 'RETRY' | 'FAILED' | 'SKIPPED'

export type AttemptOptions = {
  db: Db
  deliveryId: string
  /** The application clock: when the next attempt is due is counted from it. */
  now: Date
  /** Tests resolve host names themselves. */
  resolve?: Resolver
  timeoutMs?: number
}

export async function attemptWebhookDelivery({ db, deliveryId, now, resolve, timeoutMs }: AttemptOptions): Promise<AttemptOutcome> {
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true } })
  if (!delivery || delivery.status !== 'PENDING') return 'SKIPPED'
  const { endpoint } = delivery
  if (!endpoint.enabled) {
    await db.webhookDelivery.updateMany({ where: { id: delivery.id, status: 'PENDING' }, data: { status: 'FAILED', nextAttemptAt: null } })
    return 'SKIPPED'
  }

  const check = await checkWebhookUrl(endpoint.url, { allowPrivate: getEnv().WEBHOOK_ALLOW_PRIVATE, resolve })
  let result: SendResult
  if (check.ok) {
    // The signature's timestamp is the wall clock: receivers compare it with theirs.
    const sentAt = new Date()
    const headers = signWebhook({ eventId: delivery.eventId, sentAt, body: delivery.payload, secrets: signingSecrets(endpoint, sentAt) })
    result = await sendWebhookRequest({ url: check.url, address: check.address, headers, body: delivery.payload, timeoutMs })
  } else {
    result = { ok: false, responseCode: null, durationMs: 0, excerpt: null, error: `Not sent: ${check.reason}` }
  }

  const attempt = delivery.attempts + 1
  const next = result.ok ? null : nextWebhookAttemptAt({ now, failedAttempts: attempt, retryUntil: delivery.retryUntil })
  const outcome: AttemptOutcome = result.ok ? 'DELIVERED' : next ? 'RETRY' : 'FAILED'
  await inTransaction(async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({
      // Only the attempt that was due: a second worker on the same delivery records nothing.
      where: { id: delivery.id, status: 'PENDING', attempts: delivery.attempts },
      data: {
        status: outcome === 'RETRY' ? 'PENDING' : outcome,
        attempts: attempt,
        nextAttemptAt: next,
        lastAttemptAt: now,
        responseCode: result.responseCode,
        durationMs: result.durationMs,
      },
    })
    if (count === 0) return
    await tx.webhookAttempt.createMany({
      data: {
        id: randomUUID(),
        deliveryId: delivery.id,
        attempt,
        status: result.ok ? 'DELIVERED' : 'FAILED',
        responseCode: result.responseCode,
        durationMs: result.durationMs,
        error: result.error,
        excerpt: result.excerpt,
        at: now,
      },
    })
    if (next) await scheduleWebhookAttempts(prismaSql(tx), [{ deliveryId: delivery.id, contractId: delivery.contractId, runAt: next }])
    // A redelivery is one manual try: its failure does not turn the endpoint off.
    if (outcome === 'FAILED' && !delivery.redeliveredAt) {
      const { count: disabled } = await tx.webhookEndpoint.updateMany({
        where: { id: endpoint.id, enabled: true },
        data: { enabled: false, disabledAt: now, disabledReason: 'Deliveries failed for 3 days.', updatedAt: now },
      })
      if (disabled === 1) {
        const owner = await tx.user.findUniqueOrThrow({ where: { id: endpoint.userId }, select: { email: true, name: true } })
        const email = renderWebhookDisabledEmail({ recipient: owner, url: endpoint.url, lastError: result.error, appUrl: getEnv().APP_URL })
        await enqueueEmails(prismaSql(tx), [{ to: owner.email, subject: email.subject, text: email.text, html: email.html, eventType: 'WEBHOOK_DISABLED' }])
      }
    }
  })
  return outcome
}
