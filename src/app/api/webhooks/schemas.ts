import { z } from 'zod'
import { WEBHOOK_EVENT_TYPES } from '@/domain/webhooks'
import { id } from '../contracts/schemas'

/**
 * Shapes of the webhook API's inputs (R23). zod checks shape only: whether the URL may be used
 * (https, public address) needs DNS and is the service's SSRF guard.
 */

// 2,000 characters: longer URLs are refused by many servers and proxies anyway.
const url = z.url({ protocol: /^https?$/, error: 'Enter a full URL, starting with https://.' }).max(2000)

/** The activity event types to send, or null (or absent) for all of them. */
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, 'Choose at least one event type, or send null for all.')
  .max(WEBHOOK_EVENT_TYPES.length * 2)
  .nullable()
  .describe('Activity event types to receive; null (or absent) for all of them')

export const createWebhookBody = z.strictObject({ url, events: events.optional() })
export type CreateWebhookBody = z.infer<typeof createWebhookBody>

export const updateWebhookBody = z.strictObject({ url: url.optional(), events: events.optional(), enabled: z.boolean().optional() })
export type UpdateWebhookBody = z.infer<typeof updateWebhookBody>

export const webhookParams = z.strictObject({ wid: id })
export const deliveryParams = z.strictObject({ wid: id, did: id })
