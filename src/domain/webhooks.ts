import type { DomainEventType } from './events'

/**
 * R23: the rules of webhook delivery that need no I/O: which event types exist, which endpoint
 * gets which event, and when a failed delivery is tried again.
 */

/**
 * Every activity event type, once. A Record over the union makes the compiler refuse a new event
 * type that is missing here, so an endpoint can subscribe to every event the activity log knows.
 */
const EVENT_TYPES: Record<DomainEventType, true> = {
  CONTRACT_CREATED: true,
  PLAN_SAVED: true,
  CHANGES_REQUESTED: true,
  CHANGES_COUNTERED: true,
  CHANGE_REQUEST_ACCEPTED: true,
  CHANGE_REQUEST_DECLINED: true,
  CHANGE_REQUEST_WITHDRAWN: true,
  CHANGE_REQUEST_EXPIRED: true,
  MILESTONE_FUNDED: true,
  WORK_SUBMITTED: true,
  WORK_CHANGES_REQUESTED: true,
  SUBMISSION_WITHDRAWN: true,
  REVIEW_EXTENDED: true,
  REVIEW_REMINDER: true,
  AUTO_RELEASED: true,
  EXTENSION_REQUESTED: true,
  EXTENSION_ACCEPTED: true,
  EXTENSION_DECLINED: true,
  EXTENSION_EXPIRED: true,
  PAYMENT_RELEASED: true,
  CLOSE_PROPOSED: true,
  CLOSE_DECLINED: true,
  CONTRACT_CLOSED: true,
  REVIEW_LEFT: true,
  DISPUTE_OPENED: true,
  DISPUTE_OFFER_MADE: true,
  DISPUTE_OFFER_ACCEPTED: true,
  DISPUTE_ESCALATED: true,
  DISPUTE_DECIDED: true,
}

/** The activity event types an endpoint may subscribe to, in a stable order. */
export const WEBHOOK_EVENT_TYPES = Object.keys(EVENT_TYPES) as [DomainEventType, ...DomainEventType[]]

/** Retries stop 3 days after the event, as Stripe's do; then the endpoint is turned off. */
export const WEBHOOK_RETRY_WINDOW_MS = 3 * 24 * 60 * 60_000
/** After a rotation the old secret keeps signing this long, so receivers can switch without a gap. */
export const WEBHOOK_SECRET_OVERLAP_MS = 24 * 60 * 60_000
/** The first retry comes this long after a failure; each further one waits twice as long. */
export const WEBHOOK_RETRY_BASE_MS = 30_000
/** The wait between retries stops growing here: an endpoint down for a day is tried every 6 hours. */
export const WEBHOOK_RETRY_CAP_MS = 6 * 60 * 60_000

/** Whether an endpoint subscribed to `events` (null: all types) receives an event of `type`. */
export function isSubscribed(events: readonly string[] | null, type: string): boolean {
  return events === null || events.includes(type)
}

/**
 * When to try a delivery again after its `failedAttempts`-th failed attempt at `now`: 30 s, 1 min,
 * 2 min, … doubling up to 6 hours, and never after `retryUntil`. The last try is at `retryUntil`
 * itself; a failure at or after it answers null: give up (the delivery fails).
 */
export function nextWebhookAttemptAt({ now, failedAttempts, retryUntil }: { now: Date; failedAttempts: number; retryUntil: Date }): Date | null {
  if (now.getTime() >= retryUntil.getTime()) return null
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30)
  const delay = Math.min(WEBHOOK_RETRY_BASE_MS * 2 ** exponent, WEBHOOK_RETRY_CAP_MS)
  return new Date(Math.min(now.getTime() + delay, retryUntil.getTime()))
}

/**
 * The secrets that sign a message sent at `now`: the current one, and during the 24 hours after a
 * rotation the previous one too (Standard Webhooks lets a header carry several signatures).
 */
export function signingSecrets(endpoint: { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null }, now: Date): string[] {
  const previousValid = endpoint.previousSecret !== null && endpoint.previousSecretExpiresAt !== null && now.getTime() < endpoint.previousSecretExpiresAt.getTime()
  return previousValid ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret]
}
