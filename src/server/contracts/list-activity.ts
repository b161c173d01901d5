import 'server-only'
import type { Actor } from '@/domain/types'
import { getDb } from '../db/client'
import { CommandError } from '../errors'

/** The contract's events, newest first (all of them, or the newest `limit`); members only. */
export async function listActivity({ actor, contractId, limit }: { actor: Actor; contractId: string; limit?: number }) {
  const db = getDb()
  const contract = await db.contract.findUnique({ where: { id: contractId }, select: { clientId: true, expertId: true } })
  if (!contract || (contract.clientId !== actor.userId && contract.expertId !== actor.userId)) {
    throw new CommandError('NOT_FOUND', 'No such contract.')
  }
  const rows = await db.activityEvent.findMany({
    where: { contractId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    include: { actor: { select: { id: true, email: true, name: true } } },
  })
  return {
    events: rows.map((row) => ({ id: row.id, type: row.type, at: row.createdAt.toISOString(), actor: row.actor, data: row.data })),
  }
}
