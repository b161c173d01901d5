import { acceptClose } from '@/server/contracts/accept-close'
import { route } from '../../../../route-handler'
import { contractParams, emptyBody } from '../../../schemas'

export const POST = route({ params: contractParams, body: emptyBody }, ({ actor, params, idempotencyKey }) =>
  acceptClose({ actor, contractId: params.id, idempotencyKey }),
)
