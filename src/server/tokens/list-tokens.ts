import 'server-only'
import type { Actor } from '@/domain/types'
import { getDb, type Db } from '../db/client'
import { toTokenView, tokenViewSelect, type TokenView } from './token-view'

/** R22: the actor's tokens that are not revoked, newest first; expired ones stay listed (and can be revoked) so an owner sees why a script stopped. */
export async function listTokens({ actor }: { actor: Actor }, db: Db = getDb()): Promise<{ tokens: TokenView[] }> {
  const rows = await db.apiToken.findMany({
    where: { userId: actor.userId, revokedAt: null },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    select: tokenViewSelect,
  })
  return { tokens: rows.map(toTokenView) }
}
