import { leaveReview } from '@/server/contracts/leave-review'
import { route } from '../../../route-handler'
import { contractParams, leaveReviewBody } from '../../schemas'

export const POST = route({ params: contractParams, body: leaveReviewBody }, ({ actor, params, body }) =>
  leaveReview({ actor, contractId: params.id, ...body }),
)
