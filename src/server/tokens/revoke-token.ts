import 'server-only'
import type { Actor } from '@/domain/types'
import { getDb, type Db } from '../db/client'
import { CommandError } from '../errors'

/**
 * R22: revokes one of the actor's tokens at once: its next request is 401 TOKEN_REVOKED. Someone
 * else's token, an unknown id and a token already revoked are all 404 NOT_FOUND, so an id reveals
 * nothing about other people's tokens.
 */
export async function revokeToken({ actor, tokenId }: { actor: Actor; tokenId: string }, { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {}): Promise<void> {
  const { count } = await db.apiToken.updateMany({ where: { id: tokenId, userId: actor.userId, revokedAt: null }, data: { revokedAt: now } })
  if (count === 0) throw new CommandError('NOT_FOUND', 'No such token.')
}

/** Revokes every live token of the user ("Sign out everywhere" does, in its own transaction). */
export async function revokeAllTokens(db: Pick<Db, 'apiToken'>, userId: string, now: Date): Promise<number> {
  const { count } = await db.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } })
  return count
}

/**
 * A revoked or expired token's row is kept 30 days, so its use is answered TOKEN_REVOKED or
 * TOKEN_EXPIRED (a script's owner learns why it stopped) rather than TOKEN_INVALID; then it goes.
 */
export const DEAD_TOKEN_KEPT_MS = 30 * 24 * 60 * 60 * 1000

/** Deletes tokens revoked or expired more than DEAD_TOKEN_KEPT_MS ago (the maintenance job). */
export async function deleteDeadTokens(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - DEAD_TOKEN_KEPT_MS)
  const { count } = await db.apiToken.deleteMany({ where: { OR: [{ revokedAt: { lt: before } }, { expiresAt: { lt: before } }] } })
  return count
}
