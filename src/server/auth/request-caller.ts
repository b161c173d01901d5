import 'server-only'
import { parseAuthorization } from '@/domain/api-tokens'
import { getDb } from '../db/client'
import { authenticateToken, refuseToken, type TokenCaller } from '../tokens/authenticate-token'
import { getActor, type Actor } from './session'

/** Who an API request acts for: a session's user (token null), or a token's user and the token. */
export type Caller = Actor & { token: TokenCaller['token'] | null }

/**
 * Authenticates an API request. `Authorization: Bearer …` decides alone: a valid token acts as its
 * user, anything else is a 401 with the token's code, and the cookie session is never consulted,
 * so a script with a dead token fails loudly instead of acting as whoever is signed in in the same
 * browser. Without a Bearer header the session cookie decides (null: anonymous).
 */
export async function resolveCaller(request: Request, { ip, now = new Date() }: { ip?: string; now?: Date } = {}): Promise<Caller | null> {
  const authorization = parseAuthorization(request.headers.get('authorization'))
  if (authorization.kind === 'malformed') refuseToken('TOKEN_INVALID', { ip })
  if (authorization.kind === 'token') return authenticateToken({ db: getDb(), token: authorization.token, now, ip })
  const actor = await getActor()
  return actor && { ...actor, token: null }
}
