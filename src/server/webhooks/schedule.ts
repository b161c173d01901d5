import 'server-only'
import type { Sql } from '../db/sql'
import { addJobs } from '../jobs/queue'

/**
 * The one place webhook deliveries reach the job queue (docs/decisions/007): one WEBHOOK job per
 * attempt, added with the caller's transaction so it commits or rolls back with the delivery row
 * (or the attempt record) that asks for it. The delivery row holds the state; the job only says
 * "try this delivery at runAt", so a duplicated or stale job finds nothing to do.
 */
export type WebhookAttemptJob = { deliveryId: string; contractId: string; runAt: Date }

/** A WEBHOOK job's payload. */
export type WebhookJobPayload = { deliveryId: string }

export async function scheduleWebhookAttempts(sql: Sql, jobs: readonly WebhookAttemptJob[]): Promise<void> {
  await addJobs(
    sql,
    jobs.map((job) => ({ kind: 'WEBHOOK' as const, contractId: job.contractId, runAt: job.runAt, payload: { deliveryId: job.deliveryId } satisfies WebhookJobPayload })),
  )
}
