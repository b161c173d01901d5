import { z } from 'zod'

/** What the webhook API answers (PRODUCT.md, "Answers of the Part 2 routes"). Strict, as the contract's. */

const isoInstant = z.iso.datetime()

export const webhookView = z.strictObject({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()).nullable().describe('null: every activity event type'),
  enabled: z.boolean(),
  createdAt: isoInstant,
})

export const webhookCreated = z.strictObject({ ...webhookView.shape, secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+=*$/).describe('Shown only here') })
export const webhookList = z.strictObject({ webhooks: z.array(webhookView) })
export const rotatedSecret = z.strictObject({ secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+=*$/) })

const attemptView = z.strictObject({
  attempt: z.number().int().min(1),
  status: z.enum(['DELIVERED', 'FAILED']),
  responseCode: z.number().int().nullable(),
  durationMs: z.number().int().min(0),
  error: z.string().nullable(),
  at: isoInstant,
})

export const deliveryView = z.strictObject({
  id: z.string(),
  eventId: z.string().describe('The webhook-id header: the activity event id'),
  type: z.string(),
  attempt: z.number().int().min(0).describe('Attempts made so far'),
  status: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
  responseCode: z.number().int().nullable().describe('Of the latest attempt'),
  durationMs: z.number().int().nullable().describe('Of the latest attempt'),
  at: isoInstant.describe('The latest attempt, or when the delivery was written'),
  attempts: z.array(attemptView).describe('Every attempt, oldest first'),
})
export const deliveryList = z.strictObject({ deliveries: z.array(deliveryView) })
