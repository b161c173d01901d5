import 'server-only'
import type { Actor } from '@/domain/types'
import { getDb } from '../db/client'
import { requireContractMember } from './require-member'

/** The contract's events, newest first (all of them, or the newest `limit`); members only. */
export async function listActivity({ actor, contractId, limit }: { actor: Actor; contractId: string; limit?: number }) {
  await requireContractMember({ actor, contractId })
  const db = getDb()
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
