import { decideDispute } from '@/server/disputes/decide-dispute'
import { route } from '../../../../../route-handler'
import { decideDisputeBody, disputeParams } from '../../../../schemas'

// Operators only (R21): they are not members of the contract; everyone else gets 404.
export const POST = route({ params: disputeParams, body: decideDisputeBody, audience: 'operators' }, ({ actor, params, body }) =>
  decideDispute({ actor, contractId: params.id, disputeId: params.did, releaseCents: body.releaseCents, reason: body.reason }),
)
