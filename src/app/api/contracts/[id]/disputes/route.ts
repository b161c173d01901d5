import { openDispute } from '@/server/disputes/open-dispute'
import { route } from '../../../route-handler'
import { contractParams, disputeOfferBody } from '../../schemas'

export const POST = route({ params: contractParams, body: disputeOfferBody }, ({ actor, params, body }) =>
  openDispute({ actor, contractId: params.id, statement: body.statement, releaseCents: body.releaseCents }),
)
