import 'server-only'
import type { Actor } from '@/domain/types'
import { inTransaction } from '../contracts/run-command'
import { getDb } from '../db/client'
import { CommandError } from '../errors'
import { scheduleWebhookAttempts } from './schedule'
import { toDeliveryView, type DeliveryView } from './views'
import { prismaSql } from '../db/sql'

/** The delivery log shows an endpoint's newest 100 deliveries. */
export const DELIVERY_LOG_SIZE = 100

async function requireOwnEndpoint(actor: Actor, webhookId: string) {
  const endpoint = await getDb().webhookEndpoint.findUnique({ where: { id: webhookId }, select: { id: true, userId: true, enabled: true } })
  if (!endpoint || endpoint.userId !== actor.userId) throw new CommandError('NOT_FOUND', 'No such webhook.')
  return endpoint
}

/** R23's delivery log: the endpoint's deliveries, newest first, each with every attempt. */
export async function listDeliveries({ actor, webhookId }: { actor: Actor; webhookId: string }): Promise<{ deliveries: DeliveryView[] }> {
  await requireOwnEndpoint(actor, webhookId)
  const rows = await getDb().webhookDelivery.findMany({
    where: { endpointId: webhookId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: DELIVERY_LOG_SIZE,
    include: { log: true },
  })
  return { deliveries: rows.map(toDeliveryView) }
}

/**
 * Sends a delivery again, at once, with the same `webhook-id` and body (a receiver that already
 * has it recognises it). One try: if it fails the delivery is FAILED again, and the endpoint stays
 * on. A disabled endpoint is turned on first (PATCH enabled: true): 409 WEBHOOK_DISABLED.
 */
export async function redeliver({ actor, webhookId, deliveryId }: { actor: Actor; webhookId: string; deliveryId: string }): Promise<DeliveryView> {
  const endpoint = await requireOwnEndpoint(actor, webhookId)
  const delivery = await getDb().webhookDelivery.findUnique({ where: { id: deliveryId }, select: { id: true, endpointId: true, contractId: true, status: true } })
  if (!delivery || delivery.endpointId !== endpoint.id) throw new CommandError('NOT_FOUND', 'No such delivery.')
  if (!endpoint.enabled) throw new CommandError('WEBHOOK_DISABLED', 'This webhook is turned off: turn it on before redelivering.')
  const now = new Date()
  await inTransaction(async (tx) => {
    // A delivery still pending is already on its way: it is not sent twice.
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, status: { not: 'PENDING' } },
      data: { status: 'PENDING', retryUntil: now, nextAttemptAt: now, redeliveredAt: now },
    })
    if (count === 1) await scheduleWebhookAttempts(prismaSql(tx), [{ deliveryId: delivery.id, contractId: delivery.contractId, runAt: now }])
  })
  const row = await getDb().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id }, include: { log: true } })
  return toDeliveryView(row)
}
