import { deleteWebhook, updateWebhook } from '@/server/webhooks/endpoints'
import { route } from '../../route-handler'
import { updateWebhookBody, webhookParams } from '../schemas'

/** R23: change the URL or event types, or turn the endpoint off and on. */
export const PATCH = route({ params: webhookParams, body: updateWebhookBody }, ({ actor, params, body }) =>
  updateWebhook({ actor, webhookId: params.wid, ...body }),
)

/** R23: delete the endpoint and its delivery log (204). */
export const DELETE = route({ params: webhookParams }, async ({ actor, params }) => {
  await deleteWebhook({ actor, webhookId: params.wid })
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } })
})
