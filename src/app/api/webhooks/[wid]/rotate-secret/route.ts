import { rotateWebhookSecret } from '@/server/webhooks/endpoints'
import { route } from '../../../route-handler'
import { emptyBody } from '../../../contracts/schemas'
import { webhookParams } from '../../schemas'

/** R23: a new secret, shown once; the old one keeps signing beside it for 24 hours. */
export const POST = route({ params: webhookParams, body: emptyBody }, ({ actor, params }) => rotateWebhookSecret({ actor, webhookId: params.wid }))
