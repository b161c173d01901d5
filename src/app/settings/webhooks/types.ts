import type { DeliveryView, WebhookView } from '@/server/webhooks/views'

/** A webhook as GET /api/webhooks lists it. */
export type WebhookItem = WebhookView

/** The answer of POST /api/webhooks: the only time the secret is seen. */
export type CreatedWebhook = WebhookItem & { secret: string }

/** One delivery in GET /api/webhooks/{wid}/deliveries. */
export type DeliveryItem = DeliveryView

/** "MILESTONE_FUNDED" → "Milestone funded". */
export function eventLabel(type: string): string {
  const words = type.toLowerCase().split('_').join(' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}
