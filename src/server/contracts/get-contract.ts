import 'server-only'
import type { Actor } from '@/domain/types'
import { now } from '../clock'
import { poolSql } from '../db/sql'
import { CommandError } from '../errors'
import { toContractView, type ContractView } from './contract-view'
import { loadContract } from './load-contract'

/** The contract as its member sees it. Outsiders get NOT_FOUND: they never learn it exists. */
export async function getContract({ actor, contractId }: { actor: Actor; contractId: string }): Promise<ContractView> {
  const loaded = await loadContract(poolSql(), contractId)
  if (!loaded || (loaded.contract.clientId !== actor.userId && loaded.contract.expertId !== actor.userId)) {
    throw new CommandError('NOT_FOUND', 'No such contract.')
  }
  return toContractView(loaded.contract, loaded.parties, actor.userId, await now())
}
