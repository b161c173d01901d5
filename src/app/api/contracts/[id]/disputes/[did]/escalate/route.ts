import { escalateDispute } from '@/server/disputes/escalate-dispute'
import { route } from '../../../../../route-handler'
import { disputeParams, emptyBody } from '../../../../schemas'

export const POST = route({ params: disputeParams, body: emptyBody }, ({ actor, params }) =>
  escalateDispute({ actor, contractId: params.id, disputeId: params.did }),
)
