import 'server-only'
import { randomUUID } from 'node:crypto'
import type { JWT } from 'next-auth/jwt'
import type { Db } from '../db/client'
import { logSecurityEvent } from '../security-log'

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

/** Thrown by the jwt callback for a cookie that no longer stands for a session; next-auth then clears it. */
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
 * user's epoch; on every read refuses a cookie that was signed out, signed out everywhere, is past
 * its absolute lifetime, or was minted before sessions carried ids. One query per read.
 */
export function createJwtCallback(db: Db) {
  return async function jwt({ token, user }: { token: JWT; user?: { id: string } }): Promise<JWT> {
    const nowSeconds = Math.floor(Date.now() / 1000)
    const userId = user?.id ?? token.sub
    if (!userId) refuse(null, 'UNKNOWN_USER')
    if (user) {
      token.sid = randomUUID()
      token.authTime = nowSeconds
    }
    if (!token.sid || typeof token.authTime !== 'number') refuse(userId, 'REVOKED')
    if (nowSeconds - token.authTime > SESSION_ABSOLUTE_MAX_AGE_SECONDS) refuse(userId, 'EXPIRED')
    const current = await db.user.findUnique({
      where: { id: userId },
      select: { email: true, name: true, sessionEpoch: true, revokedSessions: { where: { id: token.sid }, select: { id: true } } },
    })
    if (!current) refuse(userId, 'UNKNOWN_USER')
    if (current.revokedSessions.length > 0) refuse(userId, 'REVOKED')
    if (user) {
      token.epoch = current.sessionEpoch
    } else if (token.epoch !== current.sessionEpoch) {
      refuse(userId, 'SIGNED_OUT_EVERYWHERE')
    }
    token.sub = userId
    token.email = current.email
    token.name = current.name
    return token
  }
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
  logSecurityEvent({ event: 'auth.sign_out', userId: token.sub })
}
