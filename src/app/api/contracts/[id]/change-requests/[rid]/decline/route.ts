import { declineChanges } from '@/server/contracts/decline-changes'
import { route } from '../../../../../route-handler'
import { changeRequestParams, declineChangesBody } from '../../../../schemas'

export const POST = route({ params: changeRequestParams, body: declineChangesBody }, ({ actor, params, body }) =>
  declineChanges({ actor, contractId: params.id, requestId: params.rid, reason: body.reason || undefined }),
)
