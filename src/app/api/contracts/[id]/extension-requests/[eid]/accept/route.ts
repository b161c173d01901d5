import { acceptExtension } from '@/server/contracts/extensions'
import { route } from '../../../../../route-handler'
import { emptyBody, extensionRequestParams } from '../../../../schemas'

export const POST = route({ params: extensionRequestParams, body: emptyBody }, ({ actor, params }) =>
  acceptExtension({ actor, contractId: params.id, requestId: params.eid }),
)
