import { createWebhook, listWebhooks } from '@/server/webhooks/endpoints'
import { route } from '../route-handler'
import { createWebhookBody } from './schemas'

/** R23: the caller's webhook endpoints, without their secrets. */
export const GET = route({}, ({ actor }) => listWebhooks({ actor }))

/** R23: registers an endpoint; the answer carries its secret, the only time it is shown. */
export const POST = route({ body: createWebhookBody, status: 201 }, ({ actor, body }) => createWebhook({ actor, ...body }))
