import { redeliver } from '@/server/webhooks/deliveries'
import { route } from '../../../../../route-handler'
import { emptyBody } from '../../../../../contracts/schemas'
import { deliveryParams } from '../../../../schemas'

/** R23: send a delivery again at once, with the same webhook-id and body. */
export const POST = route({ params: deliveryParams, body: emptyBody }, ({ actor, params }) =>
  redeliver({ actor, webhookId: params.wid, deliveryId: params.did }),
)
