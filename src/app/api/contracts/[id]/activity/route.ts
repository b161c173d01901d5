import { listActivity } from '@/server/contracts/list-activity'
import { route } from '../../../route-handler'
import { contractParams } from '../../schemas'

export const GET = route({ params: contractParams }, ({ actor, params }) => listActivity({ actor, contractId: params.id }))
