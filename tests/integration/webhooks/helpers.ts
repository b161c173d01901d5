import { expect } from 'vitest'
import { getDb } from '@/server/db/client'
import { attemptWebhookDelivery, type AttemptOutcome } from '@/server/webhooks/deliver'
import type { Resolver } from '@/server/webhooks/url-policy'

/**
 * Runs the attempts of `endpointId`'s deliveries that are due at `now`, oldest first, as the
 * WEBHOOK job does: what a worker would send at that moment.
 */
export async function runDueAttempts(endpointId: string, now: Date, options: { resolve?: Resolver; timeoutMs?: number } = {}): Promise<AttemptOutcome[]> {
  const due = await getDb().webhookDelivery.findMany({
    where: { endpointId, status: 'PENDING', nextAttemptAt: { lte: now } },
    orderBy: [{ nextAttemptAt: 'asc' }, { createdAt: 'asc' }],
  })
  const outcomes: AttemptOutcome[] = []
  for (const delivery of due) outcomes.push(await attemptWebhookDelivery({ db: getDb(), deliveryId: delivery.id, now, ...options }))
  return outcomes
}

export async function deliveriesOf(endpointId: string) {
  return getDb().webhookDelivery.findMany({ where: { endpointId }, orderBy: [{ createdAt: 'asc' }, { eventId: 'asc' }], include: { log: true } })
}

export function expectAllOnce(ids: string[]) {
  expect(new Set(ids).size, `each webhook-id once: ${ids.join(', ')}`).toBe(ids.length)
}
