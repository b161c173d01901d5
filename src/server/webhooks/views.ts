import 'server-only'
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '@/generated/prisma/client'

/** An endpoint as `GET /api/webhooks` lists it: never its secret. */
export type WebhookView = { id: string; url: string; events: string[] | null; enabled: boolean; createdAt: string }

export function toWebhookView(row: WebhookEndpoint): WebhookView {
  return { id: row.id, url: row.url, events: (row.events as string[] | null) ?? null, enabled: row.enabled, createdAt: row.createdAt.toISOString() }
}

export type AttemptView = { attempt: number; status: 'DELIVERED' | 'FAILED'; responseCode: number | null; durationMs: number; error: string | null; at: string }

/**
 * One delivery (an event for this endpoint) in the log: `attempt`, `responseCode`, `durationMs`
 * and `at` are those of its latest attempt (`at` is when the delivery was written until one was
 * made), and `attempts` lists every attempt, oldest first.
 */
export type DeliveryView = {
  id: string
  eventId: string
  type: string
  attempt: number
  status: 'PENDING' | 'DELIVERED' | 'FAILED'
  responseCode: number | null
  durationMs: number | null
  at: string
  attempts: AttemptView[]
}

export function toDeliveryView(row: WebhookDelivery & { log: WebhookAttempt[] }): DeliveryView {
  return {
    id: row.id,
    eventId: row.eventId,
    type: row.eventType,
    attempt: row.attempts,
    status: row.status,
    responseCode: row.responseCode,
    durationMs: row.durationMs,
    at: (row.lastAttemptAt ?? row.createdAt).toISOString(),
    attempts: [...row.log]
      .sort((a, b) => a.attempt - b.attempt)
      .map((a) => ({ attempt: a.attempt, status: a.status === 'DELIVERED' ? 'DELIVERED' : 'FAILED', responseCode: a.responseCode, durationMs: a.durationMs, error: a.error, at: a.at.toISOString() })),
  }
}
