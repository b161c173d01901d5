import { createContract } from '@/server/contracts/create-contract'
import { listContracts } from '@/server/contracts/list-contracts'
import { route } from '../route-handler'
import { createContractBody } from './schemas'

export const GET = route({}, ({ actor }) => listContracts({ actor }))

export const POST = route({ body: createContractBody, status: 201 }, ({ actor, body }) => createContract({ actor, ...body }))
