import { submitWork } from '@/server/contracts/submit-work'
import { route } from '../../../../../route-handler'
import { milestoneParams, submitWorkBody } from '../../../../schemas'

export const POST = route({ params: milestoneParams, body: submitWorkBody }, ({ actor, params, body }) =>
  submitWork({ actor, contractId: params.id, milestoneId: params.mid, message: body.message, links: body.links }),
)
