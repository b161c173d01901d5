import { limitNewCounterpart } from '@/server/api-rate-limit'
import { createContract } from '@/server/contracts/create-contract'
import { listContracts } from '@/server/contracts/list-contracts'
import { getDb } from '@/server/db/client'
import { getEnv } from '@/server/env'
import { route } from '../route-handler'
import { createContractBody, listContractsQuery } from './schemas'

export const GET = route({ query: listContractsQuery }, ({ actor, query }) => listContracts({ actor, after: query.cursor, limit: query.limit }))

export const POST = route({ body: createContractBody, status: 201 }, async ({ actor, body, subject, ip }) => {
  // The contract emails its expert: when that is a stranger to the client, a stricter limit applies.
  await limitNewCounterpart({ db: getDb(), subject, clientId: actor.userId, expertEmail: body.expertEmail, env: getEnv(), ip })
  return createContract({ actor, ...body })
})
