import 'server-only'
import { randomUUID } from 'node:crypto'
import type { JWT } from 'next-auth/jwt'
import type { Db } from '../db/client'
import { logSecurityEvent } from '../security-log'
import { sessionChecks, type SessionCheckCache, type SessionVerdict } from './session-check-cache'

declare module 'next-auth/jwt' {
  // next-auth's types are interfaces; declaration merging needs the same kind.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface JWT {
    /** The user's sessionEpoch when this cookie was minted. */
    epoch?: number
    /** This session's id, made at sign-in and kept by every refresh: "Sign out" revokes it. */
    sid?: string
    /** When the user signed in (unix seconds): the absolute lifetime counts from here. */
    authTime?: number
  }
}

/** Sessions end after 8 hours without activity: long enough for a working day, short for a stolen cookie. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60
/** A session read re-issues the cookie at most this often, rolling the 8 hours forward. */
export const SESSION_UPDATE_AGE_SECONDS = 15 * 60
/**
 * However active, a session ends 30 days after sign-in (ASVS 7.3.2): a cookie that leaked keeps
 * working no longer than that even if it is used every few hours.
 */
export const SESSION_ABSOLUTE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60

type RefusalReason = 'REVOKED' | 'EXPIRED' | 'SIGNED_OUT_EVERYWHERE' | 'UNKNOWN_USER'

/** Thrown by `checkSession` for a cookie that no longer stands for a session: next-auth then clears it, getActor answers null. */
export class SessionRevokedError extends Error {
  override name = 'SessionRevokedError'
  constructor(readonly reason: RefusalReason = 'REVOKED') {
    super(`The session ended (${reason}).`)
  }
}

function refuse(userId: string | null, reason: RefusalReason): never {
  logSecurityEvent({ event: 'auth.session_refused', userId, reason })
  throw new SessionRevokedError(reason)
}

/**
 * next-auth's jwt callback: at sign-in (`user` given) stamps the session's id, sign-in time and the
 * user's epoch; on every read applies `checkSession`, the same check `getActor` makes.
 */
export function createJwtCallback(db: Db) {
  return async function jwt({ token, user }: { token: JWT; user?: { id: string } }): Promise<JWT> {
    const holder = user ? await startSession(db, token, user.id, sessionChecks()) : await checkSession(db, token)
    token.sub = holder.userId
    token.email = holder.email
    token.name = holder.name
    return token
  }
}

const findHolder = (db: Db, userId: string, sid: string) =>
  db.user.findUnique({
    where: { id: userId },
    select: { email: true, name: true, sessionEpoch: true, revokedSessions: { where: { id: sid }, select: { id: true } } },
  })

/** At sign-in: a fresh session id, the sign-in time and the user's current epoch go into the token. */
async function startSession(db: Db, token: JWT, userId: string, cache: SessionCheckCache): Promise<SessionVerdict> {
  const generation = cache.generation()
  token.sid = randomUUID()
  token.authTime = Math.floor(Date.now() / 1000)
  const current = await findHolder(db, userId, token.sid)
  if (!current) refuse(userId, 'UNKNOWN_USER')
  token.epoch = current.sessionEpoch
  const verdict = { userId, epoch: current.sessionEpoch, email: current.email, name: current.name }
  cache.remember(token.sid, verdict, generation)
  return verdict
}

/**
 * Whether a decoded session cookie still stands for a session, and whose: refuses (throws
 * SessionRevokedError) a cookie without a user, minted before sessions carried ids, past its
 * absolute lifetime, signed out, or signed out everywhere. The last two need the database: a
 * verdict this instance reached within SESSION_CHECK_CACHE_MS is reused instead (docs/decisions/014),
 * so most requests make no query. The one check for next-auth's callback and for `getActor`.
 */
export async function checkSession(db: Db, token: JWT, cache: SessionCheckCache = sessionChecks()): Promise<SessionVerdict> {
  const nowSeconds = Math.floor(Date.now() / 1000)
  const userId = token.sub
  if (!userId) refuse(null, 'UNKNOWN_USER')
  if (!token.sid || typeof token.authTime !== 'number') refuse(userId, 'REVOKED')
  if (nowSeconds - token.authTime > SESSION_ABSOLUTE_MAX_AGE_SECONDS) refuse(userId, 'EXPIRED')
  const recalled = cache.recall(token.sid, userId, token.epoch)
  if (recalled) return recalled
  const generation = cache.generation()
  const current = await findHolder(db, userId, token.sid)
  if (!current) refuse(userId, 'UNKNOWN_USER')
  if (current.revokedSessions.length > 0) refuse(userId, 'REVOKED')
  if (token.epoch !== current.sessionEpoch) refuse(userId, 'SIGNED_OUT_EVERYWHERE')
  const verdict = { userId, epoch: current.sessionEpoch, email: current.email, name: current.name }
  cache.remember(token.sid, verdict, generation)
  return verdict
}

/**
 * Ends one session on the server ("Sign out"): the cookie is cleared in this browser, and a copy of
 * it (stolen, or in another tab's memory) is refused from now on. Kept until the session's
 * absolute end, after which the maintenance job deletes the row.
 */
export async function revokeSession(db: Db, token: JWT | null): Promise<void> {
  if (!token?.sid || !token.sub) return
  const expiresAt = new Date(((token.authTime ?? Math.floor(Date.now() / 1000)) + SESSION_ABSOLUTE_MAX_AGE_SECONDS) * 1000)
  await db.revokedSession.upsert({ where: { id: token.sid }, create: { id: token.sid, userId: token.sub, expiresAt }, update: {} })
  // Other instances may trust their last check of it for up to SESSION_CHECK_CACHE_MS.
  sessionChecks().forgetSession(token.sid)
  logSecurityEvent({ event: 'auth.sign_out', userId: token.sub })
}
