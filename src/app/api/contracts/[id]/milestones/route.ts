import { savePlan } from '@/server/contracts/save-plan'
import { route } from '../../../route-handler'
import { contractParams, savePlanBody } from '../../schemas'

export const PUT = route({ params: contractParams, body: savePlanBody }, ({ actor, params, body }) =>
  savePlan({ actor, contractId: params.id, baseVersion: body.baseVersion, milestones: body.milestones }),
)
