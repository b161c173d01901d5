import { withdrawSubmission } from '@/server/contracts/review-window'
import { route } from '../../../../../route-handler'
import { emptyBody, milestoneParams } from '../../../../schemas'

export const POST = route({ params: milestoneParams, body: emptyBody }, ({ actor, params }) =>
  withdrawSubmission({ actor, contractId: params.id, milestoneId: params.mid }),
)
