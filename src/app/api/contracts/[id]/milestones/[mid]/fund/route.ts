import { fundMilestone } from '@/server/contracts/fund-milestone'
import { route } from '../../../../../route-handler'
import { emptyBody, milestoneParams } from '../../../../schemas'

export const POST = route({ params: milestoneParams, body: emptyBody }, ({ actor, params, idempotencyKey }) =>
  fundMilestone({ actor, contractId: params.id, milestoneId: params.mid, idempotencyKey }),
)
