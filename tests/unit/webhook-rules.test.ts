import { describe, expect, it } from 'vitest'
import { isSubscribed, nextWebhookAttemptAt, signingSecrets, WEBHOOK_EVENT_TYPES, WEBHOOK_RETRY_WINDOW_MS } from '@/domain/webhooks'

const t0 = new Date('2026-12-01T10:00:00.000Z')
const plus = (ms: number) => new Date(t0.getTime() + ms)
const MIN = 60_000
const HOUR = 60 * MIN

describe('webhook event types', () => {
  it('lists every activity event type once', () => {
    expect(new Set(WEBHOOK_EVENT_TYPES).size).toBe(WEBHOOK_EVENT_TYPES.length)
    expect(WEBHOOK_EVENT_TYPES).toContain('MILESTONE_FUNDED')
    expect(WEBHOOK_EVENT_TYPES).toContain('CONTRACT_CREATED')
  })

  it('an endpoint without a list gets every type; one with a list only those', () => {
    expect(isSubscribed(null, 'MILESTONE_FUNDED')).toBe(true)
    expect(isSubscribed(['MILESTONE_FUNDED'], 'MILESTONE_FUNDED')).toBe(true)
    expect(isSubscribed(['MILESTONE_FUNDED'], 'PAYMENT_RELEASED')).toBe(false)
  })
})

describe('nextWebhookAttemptAt (exponential backoff for 3 days)', () => {
  const retryUntil = plus(WEBHOOK_RETRY_WINDOW_MS)

  it('waits 30 s after the first failure, then twice as long each time', () => {
    expect(nextWebhookAttemptAt({ now: t0, failedAttempts: 1, retryUntil })).toEqual(plus(30_000))
    expect(nextWebhookAttemptAt({ now: t0, failedAttempts: 2, retryUntil })).toEqual(plus(MIN))
    expect(nextWebhookAttemptAt({ now: t0, failedAttempts: 5, retryUntil })).toEqual(plus(8 * MIN))
  })

  it('never waits more than 6 hours, and never past the 3 days', () => {
    expect(nextWebhookAttemptAt({ now: t0, failedAttempts: 20, retryUntil })).toEqual(plus(6 * HOUR))
    expect(nextWebhookAttemptAt({ now: plus(70 * HOUR), failedAttempts: 20, retryUntil })).toEqual(retryUntil)
  })

  it('gives up on a failure at or after the end of the window', () => {
    expect(nextWebhookAttemptAt({ now: retryUntil, failedAttempts: 20, retryUntil })).toBeNull()
    expect(nextWebhookAttemptAt({ now: plus(WEBHOOK_RETRY_WINDOW_MS + 1), failedAttempts: 3, retryUntil })).toBeNull()
  })

  it('following the schedule from the event, the attempts end exactly 3 days later', () => {
    let now = t0
    let failed = 0
    const attempts: Date[] = [t0]
    for (;;) {
      failed++
      const next = nextWebhookAttemptAt({ now, failedAttempts: failed, retryUntil })
      if (!next) break
      expect(next.getTime()).toBeGreaterThan(now.getTime())
      attempts.push(next)
      now = next
    }
    expect(attempts.at(-1)).toEqual(retryUntil)
    expect(attempts.length).toBeGreaterThan(15)
    expect(attempts.length).toBeLessThan(30)
  })
})

describe('signingSecrets (rotation)', () => {
  const endpoint = { secret: 'whsec_new', previousSecret: 'whsec_old', previousSecretExpiresAt: plus(24 * HOUR) }

  it('signs with the new and the old secret for 24 hours after a rotation, then with the new one only', () => {
    expect(signingSecrets(endpoint, plus(23 * HOUR))).toEqual(['whsec_new', 'whsec_old'])
    expect(signingSecrets(endpoint, plus(24 * HOUR))).toEqual(['whsec_new'])
    expect(signingSecrets({ secret: 'whsec_new', previousSecret: null, previousSecretExpiresAt: null }, t0)).toEqual(['whsec_new'])
  })
})
