import 'server-only'
import type { JobHandler } from '../jobs/run-jobs'
import { attemptWebhookDelivery } from './deliver'
import type { WebhookJobPayload } from './schedule'

/**
 * The WEBHOOK job: one attempt at the delivery it names, at the application clock's now. A failed
 * HTTP attempt is not a failed job: the attempt is recorded and the next one added as a new job on
 * R23's own schedule (30 s doubling, for 3 days). Only an error of our own (the database) makes
 * the job fail, and the queue's retry then tries the attempt again.
 */
export const webhookJobHandler: JobHandler = async (job, { db, now }) => {
  const { deliveryId } = job.payload as WebhookJobPayload
  await attemptWebhookDelivery({ db, deliveryId, now })
}
