import 'server-only'
import type { Tx } from '../contracts/persist'

/**
 * The one place webhook deliveries reach the job queue: a WEBHOOK job per attempt, added with the
 * caller's transaction so it commits or rolls back with the delivery it sends.
 * PLACEHOLDER until branch issue-14's job queue is merged: nothing is scheduled yet.
 */
export type WebhookAttemptJob = { deliveryId: string; contractId: string; runAt: Date }

export async function scheduleWebhookAttempts(_tx: Tx, _jobs: readonly WebhookAttemptJob[]): Promise<void> {}
