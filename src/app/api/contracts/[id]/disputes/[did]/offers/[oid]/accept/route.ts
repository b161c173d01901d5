import { acceptDisputeOffer } from '@/server/disputes/accept-dispute-offer'
import { route } from '../../../../../../../route-handler'
import { disputeOfferParams, emptyBody } from '../../../../../../schemas'

export const POST = route({ params: disputeOfferParams, body: emptyBody }, ({ actor, params }) =>
  acceptDisputeOffer({ actor, contractId: params.id, disputeId: params.did, offerId: params.oid }),
)
