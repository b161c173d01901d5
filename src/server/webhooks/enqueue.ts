import 'server-only'
import { randomUUID } from 'node:crypto'
import { isSubscribed, WEBHOOK_RETRY_WINDOW_MS } from '@/domain/webhooks'
import { insertRows, type Sql } from '../db/sql'
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
  sql: Sql,
  { contractId, memberIds, events, now }: { contractId: string; memberIds: readonly [string, string]; events: readonly WrittenEvent[]; now: Date },
): Promise<void> {
  if (events.length === 0) return
  const endpoints = await sql<{ id: string; events: string[] | null }>(`SELECT "id", "events" FROM "WebhookEndpoint" WHERE "userId" IN ($1, $2) AND "enabled"`, [memberIds[0], memberIds[1]])
  if (endpoints.length === 0) return
  const at = now.toISOString()
  const deliveries = endpoints.flatMap((endpoint) =>
    events
      .filter((event) => isSubscribed(endpoint.events, event.type))
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
  await insertRows(sql, 'WebhookDelivery', deliveries)
  await scheduleWebhookAttempts(sql, deliveries.map((d) => ({ deliveryId: d.id, contractId, runAt: now })))
}
