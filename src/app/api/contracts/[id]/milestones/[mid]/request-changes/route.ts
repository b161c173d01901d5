import { requestWorkChanges } from '@/server/contracts/review-window'
import { route } from '../../../../../route-handler'
import { milestoneParams, requestWorkChangesBody } from '../../../../schemas'

export const POST = route({ params: milestoneParams, body: requestWorkChangesBody }, ({ actor, params, body }) =>
  requestWorkChanges({ actor, contractId: params.id, milestoneId: params.mid, message: body.message }),
)
