import { getPlanVersion } from '@/server/contracts/plan-versions'
import { route } from '../../../../route-handler'
import { planVersionParams } from '../../../schemas'

export const GET = route({ params: planVersionParams }, ({ actor, params }) => getPlanVersion({ actor, contractId: params.id, version: params.version }))
