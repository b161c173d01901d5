import { extendReview } from '@/server/contracts/review-window'
import { route } from '../../../../../route-handler'
import { extendReviewBody, milestoneParams } from '../../../../schemas'

export const POST = route({ params: milestoneParams, body: extendReviewBody }, ({ actor, params, body }) =>
  extendReview({ actor, contractId: params.id, milestoneId: params.mid, days: body.days, reason: body.reason }),
)
