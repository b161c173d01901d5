import 'server-only'
import type { Actor } from '@/domain/types'
import { getDb } from '../db/client'
import { CommandError } from '../errors'

/**
 * Refuses an outsider with the same NOT_FOUND as for a contract that does not exist. `null` is an
 * id no contract could have (the edge found it malformed): unknown, so NOT_FOUND without a query.
 */
export async function requireContractMember({ actor, contractId }: { actor: Actor; contractId: string | null }): Promise<void> {
  const row = contractId === null ? null : await getDb().contract.findUnique({ where: { id: contractId }, select: { clientId: true, expertId: true } })
  if (!row || (row.clientId !== actor.userId && row.expertId !== actor.userId)) throw new CommandError('NOT_FOUND', 'No such contract.')
}
