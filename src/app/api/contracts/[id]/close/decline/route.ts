import { declineClose } from '@/server/contracts/decline-close'
import { route } from '../../../../route-handler'
import { contractParams, emptyBody } from '../../../schemas'

export const POST = route({ params: contractParams, body: emptyBody }, ({ actor, params }) => declineClose({ actor, contractId: params.id }))
