import { listPlanVersions } from '@/server/contracts/plan-versions'
import { route } from '../../../route-handler'
import { contractParams } from '../../schemas'

export const GET = route({ params: contractParams }, ({ actor, params }) => listPlanVersions({ actor, contractId: params.id }))
