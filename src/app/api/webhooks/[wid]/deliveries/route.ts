import { listDeliveries } from '@/server/webhooks/deliveries'
import { route } from '../../../route-handler'
import { webhookParams } from '../../schemas'

/** R23: the delivery log, newest first, with every attempt. */
export const GET = route({ params: webhookParams }, ({ actor, params }) => listDeliveries({ actor, webhookId: params.wid }))
