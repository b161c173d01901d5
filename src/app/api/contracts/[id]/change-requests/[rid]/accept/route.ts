import { acceptChanges } from '@/server/contracts/accept-changes'
import { route } from '../../../../../route-handler'
import { acceptChangesBody, changeRequestParams } from '../../../../schemas'

export const POST = route({ params: changeRequestParams, body: acceptChangesBody }, ({ actor, params, body }) =>
  acceptChanges({ actor, contractId: params.id, requestId: params.rid, milestones: body.milestones }),
)
