import { requestExtension } from '@/server/contracts/extensions'
import { route } from '../../../../../route-handler'
import { milestoneParams, requestExtensionBody } from '../../../../schemas'

export const POST = route({ params: milestoneParams, body: requestExtensionBody }, ({ actor, params, body }) =>
  requestExtension({ actor, contractId: params.id, milestoneId: params.mid, days: body.days, reason: body.reason }),
)
