import { counterChanges } from '@/server/contracts/counter-changes'
import { route } from '../../../../../route-handler'
import { changeRequestParams, counterChangesBody } from '../../../../schemas'

export const POST = route({ params: changeRequestParams, body: counterChangesBody }, ({ actor, params, body }) =>
  counterChanges({ actor, contractId: params.id, requestId: params.rid, ...body }),
)
