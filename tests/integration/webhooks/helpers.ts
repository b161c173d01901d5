import { expect } from 'vitest'
import { getDb } from '@/server/db/client'
import { runDueJobs } from '@/server/jobs/run-jobs'
import { attemptWebhookDelivery, type AttemptOutcome } from '@/server/webhooks/deliver'
import type { WebhookJobPayload } from '@/server/webhooks/schedule'
import type { Resolver } from '@/server/webhooks/url-policy'

/**
 * Runs the WEBHOOK jobs due at `now` for the contracts `endpointId` has deliveries on, through the
 * real queue (claim with SKIP LOCKED, in runAt order), with the WEBHOOK handler's work done by
 * attemptWebhookDelivery as in production; a test may pass its own resolver or timeout. Answers
 * each attempt's outcome, in the order they ran.
 */
export async function runDueAttempts(endpointId: string, now: Date, options: { resolve?: Resolver; timeoutMs?: number } = {}): Promise<AttemptOutcome[]> {
  const db = getDb()
  const contracts = await db.webhookDelivery.findMany({ where: { endpointId }, select: { contractId: true }, distinct: ['contractId'] })
  const outcomes: AttemptOutcome[] = []
  for (;;) {
    const report = await runDueJobs({
      db,
      now,
      only: { contractIds: contracts.map((c) => c.contractId) },
      handlers: {
        WEBHOOK: async (job, ctx) => {
          outcomes.push(await attemptWebhookDelivery({ db: ctx.db, deliveryId: (job.payload as WebhookJobPayload).deliveryId, now: ctx.now, ...options }))
        },
      },
    })
    if (report.claimed === 0) return outcomes
  }
}

export async function deliveriesOf(endpointId: string) {
  return getDb().webhookDelivery.findMany({ where: { endpointId }, orderBy: [{ createdAt: 'asc' }, { eventId: 'asc' }], include: { log: true } })
}

export function expectAllOnce(ids: string[]) {
  expect(new Set(ids).size, `each webhook-id once: ${ids.join(', ')}`).toBe(ids.length)
}
