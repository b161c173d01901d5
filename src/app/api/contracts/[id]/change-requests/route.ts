import { proposeChanges } from '@/server/contracts/propose-changes'
import { route } from '../../../route-handler'
import { contractParams, proposeChangesBody } from '../../schemas'

export const POST = route({ params: contractParams, body: proposeChangesBody }, ({ actor, params, body }) =>
  proposeChanges({ actor, contractId: params.id, ...body }),
)
