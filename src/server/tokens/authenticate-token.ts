import 'server-only'
import { shouldRecordUse, tokenState, type TokenScope } from '@/domain/api-tokens'
import type { Db } from '../db/client'
import { EdgeError } from '../errors'
import { logSecurityEvent } from '../security-log'
import { hashToken } from './token-secret'

/** Who a valid bearer token acts for, and with what scope. */
export type TokenCaller = { userId: string; email: string; name: string | null; token: { id: string; scope: TokenScope } }

const MESSAGES = {
  TOKEN_INVALID: 'This API token is not valid. Create one on /settings/tokens and send it as "Authorization: Bearer tr_…".',
  TOKEN_EXPIRED: 'This API token has expired. Create a new one on /settings/tokens.',
  TOKEN_REVOKED: 'This API token was revoked. Create a new one on /settings/tokens.',
} as const

/** Refuses a bearer request: 401 with the reason's code, logged as a security event (never with the token). */
export function refuseToken(reason: keyof typeof MESSAGES, { userId = null, tokenId = null, ip }: { userId?: string | null; tokenId?: string | null; ip?: string }): never {
  logSecurityEvent({ event: 'auth.token_refused', userId, tokenId, reason, ...(ip ? { ip } : {}) })
  throw new EdgeError(reason, MESSAGES[reason])
}

/**
 * R22: the user a well-formed bearer token acts for. One indexed lookup by the token's hash; an
 * unknown, expired or revoked token is refused with its own 401 code. "Last used" is written only
 * when the stored one is a minute old or more, with a guarded UPDATE, so concurrent requests of
 * one token write it once.
 */
export async function authenticateToken({ db, token, now, ip }: { db: Db; token: string; now: Date; ip?: string }): Promise<TokenCaller> {
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, scope: true, expiresAt: true, revokedAt: true, lastUsedAt: true, user: { select: { email: true, name: true } } },
  })
  if (!row) refuseToken('TOKEN_INVALID', { ip })
  const state = tokenState(row, now)
  if (state !== 'ACTIVE') refuseToken(state === 'EXPIRED' ? 'TOKEN_EXPIRED' : 'TOKEN_REVOKED', { userId: row.userId, tokenId: row.id, ip })
  if (shouldRecordUse(row.lastUsedAt, now)) {
    const staleBefore = new Date(now.getTime() - 60_000)
    await db.apiToken.updateMany({ where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] }, data: { lastUsedAt: now } })
  }
  return { userId: row.userId, email: row.user.email, name: row.user.name, token: { id: row.id, scope: row.scope } }
}
