import { submitWork } from '@/server/contracts/submit-work'
import { route } from '../../../../../route-handler'
import { emptyBody, milestoneParams } from '../../../../schemas'

export const POST = route({ params: milestoneParams, body: emptyBody }, ({ actor, params }) =>
  submitWork({ actor, contractId: params.id, milestoneId: params.mid }),
)
