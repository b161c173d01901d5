import { makeDisputeOffer } from '@/server/disputes/make-dispute-offer'
import { route } from '../../../../../route-handler'
import { disputeOfferBody, disputeParams } from '../../../../schemas'

export const POST = route({ params: disputeParams, body: disputeOfferBody }, ({ actor, params, body }) =>
  makeDisputeOffer({ actor, contractId: params.id, disputeId: params.did, statement: body.statement, releaseCents: body.releaseCents }),
)
