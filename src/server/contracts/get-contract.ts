import 'server-only'
import type { Actor } from '@/domain/types'
import { now } from '../clock'
import { getDb } from '../db/client'
import { CommandError } from '../errors'
import { toContractView, type ContractView } from './contract-view'
import { contractInclude, toContract } from './mapping'

/** The contract as its member sees it. Outsiders get NOT_FOUND: they never learn it exists. */
export async function getContract({ actor, contractId }: { actor: Actor; contractId: string }): Promise<ContractView> {
  const row = await getDb().contract.findUnique({ where: { id: contractId }, include: contractInclude(contractId), relationLoadStrategy: 'join' })
  if (!row || (row.clientId !== actor.userId && row.expertId !== actor.userId)) {
    throw new CommandError('NOT_FOUND', 'No such contract.')
  }
  return toContractView(toContract(row), { client: row.client, expert: row.expert }, actor.userId, await now())
}
