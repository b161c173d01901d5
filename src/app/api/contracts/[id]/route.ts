import { getContract } from '@/server/contracts/get-contract'
import { route } from '../../route-handler'
import { contractParams } from '../schemas'

export const GET = route({ params: contractParams }, ({ actor, params }) => getContract({ actor, contractId: params.id }))
