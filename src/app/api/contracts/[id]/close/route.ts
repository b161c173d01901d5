import { closeContract } from '@/server/contracts/close-contract'
import { route } from '../../../route-handler'
import { closeContractBody, contractParams } from '../../schemas'

export const POST = route({ params: contractParams, body: closeContractBody }, ({ actor, params, body, idempotencyKey }) =>
  closeContract({ actor, contractId: params.id, refundCents: body.refundCents, idempotencyKey }),
)
