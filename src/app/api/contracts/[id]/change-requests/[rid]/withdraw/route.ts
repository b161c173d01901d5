import { withdrawChanges } from '@/server/contracts/withdraw-changes'
import { route } from '../../../../../route-handler'
import { changeRequestParams, emptyBody } from '../../../../schemas'

export const POST = route({ params: changeRequestParams, body: emptyBody }, ({ actor, params }) =>
  withdrawChanges({ actor, contractId: params.id, requestId: params.rid }),
)
