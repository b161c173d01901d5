import 'server-only'
import type { Actor } from '@/domain/types'
import { getDb } from '../db/client'
import { CommandError } from '../errors'

/** Longest id the API accepts; longer (or unstorable) text cannot name a contract. */
const MAX_ID_LENGTH = 100
const STORABLE_ID = /^[^\u0000\p{Cs}]+$/u

/**
 * Refuses an outsider with the same NOT_FOUND as for a contract that does not exist. The edge
 * calls it before answering a malformed request about a contract, so an outsider learns nothing
 * from a 422 either. An id that could never be stored names no contract.
 */
export async function requireContractMember({ actor, contractId }: { actor: Actor; contractId: string }): Promise<void> {
  const isPlausible = contractId.length <= MAX_ID_LENGTH && STORABLE_ID.test(contractId)
  const row = isPlausible ? await getDb().contract.findUnique({ where: { id: contractId }, select: { clientId: true, expertId: true } }) : null
  if (!row || (row.clientId !== actor.userId && row.expertId !== actor.userId)) throw new CommandError('NOT_FOUND', 'No such contract.')
}
