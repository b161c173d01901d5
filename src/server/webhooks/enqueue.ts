import 'server-only'
import { randomUUID } from 'node:crypto'
import { isSubscribed, WEBHOOK_RETRY_WINDOW_MS } from '@/domain/webhooks'
import type { Tx } from '../contracts/persist'
import { scheduleWebhookAttempts } from './schedule'

/** An activity event as it was just written: its id is the deliveries' `webhook-id`. */
export type WrittenEvent = { id: string; type: string; data: unknown }

/**
 * R23: writes a delivery of each event to every enabled endpoint of a contract member subscribed
 * to its type, and the job that sends it, with the command's transaction: a command that rolls
 * back sends nothing, one that commits loses nothing. The body is fixed here, so every attempt
 * (and a redelivery) sends the same bytes.
 */
export async function enqueueWebhookDeliveries(
  tx: Tx,
  { contractId, memberIds, events, now }: { contractId: string; memberIds: readonly string[]; events: readonly WrittenEvent[]; now: Date },
): Promise<void> {
  if (events.length === 0) return
  const endpoints = await tx.webhookEndpoint.findMany({ where: { userId: { in: [...memberIds] }, enabled: true }, select: { id: true, events: true } })
  if (endpoints.length === 0) return
  const at = now.toISOString()
  const deliveries = endpoints.flatMap((endpoint) =>
    events
      .filter((event) => isSubscribed(endpoint.events as string[] | null, event.type))
      .map((event) => ({
        id: randomUUID(),
        endpointId: endpoint.id,
        contractId,
        eventId: event.id,
        eventType: event.type,
        payload: JSON.stringify({ id: event.id, type: event.type, contractId, at, data: event.data }),
        eventAt: now,
        retryUntil: new Date(now.getTime() + WEBHOOK_RETRY_WINDOW_MS),
        nextAttemptAt: now,
        createdAt: now,
      })),
  )
  if (deliveries.length === 0) return
  await tx.webhookDelivery.createMany({ data: deliveries })
  await scheduleWebhookAttempts(tx, deliveries.map((d) => ({ deliveryId: d.id, contractId, runAt: now })))
}
