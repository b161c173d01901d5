import 'server-only'
import { decode, type JWT } from 'next-auth/jwt'
import { getServerSession } from 'next-auth/next'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { getDb, type Db } from '../db/client'
import { getEnv } from '../env'
import { EdgeError } from '../errors'
import { logSecurityEvent } from '../security-log'
import { revokeAllTokens } from '../tokens/revoke-token'
import { getAuthOptions, sessionCookieName } from './options'
import { decodedCookies } from './decoded-cookies'
import { sessionChecks } from './session-check-cache'
import { checkSession, SessionRevokedError } from './session-token'

type CookieJar = Awaited<ReturnType<typeof cookies>>

/** The signed-in person a request acts for. */
export type Actor = { userId: string; email: string; name: string | null }

/**
 * The signed-in user of the current request, or null. Reads next-auth's session cookie itself and
 * applies `checkSession`, the check next-auth's jwt callback makes (signed out, signed out
 * everywhere, absolute lifetime), usually without a query. next-auth's getServerSession would
 * spend as much CPU again building its whole handler and re-encrypting a cookie it cannot set here
 * (docs/decisions/014). Works in route handlers, server components and server actions.
 */
export async function getActor(): Promise<Actor | null> {
  // First: reading cookies marks a page dynamic, so `next build` never prerenders it (and never
  // reaches getEnv, which needs the run's environment).
  const jar = await cookies()
  const env = getEnv()
  // Only a hand-run `next dev` has no secret; next-auth then derives one from its options.
  if (!env.NEXTAUTH_SECRET) return actorThroughNextAuth()
  const token = await readSessionCookie(jar, env.NEXTAUTH_SECRET, sessionCookieName(env))
  if (!token) return null
  try {
    const { userId, email, name } = await checkSession(getDb(), token)
    return { userId, email, name }
  } catch (error) {
    if (error instanceof SessionRevokedError) return null
    throw error
  }
}

/**
 * The decrypted session cookie, as next-auth reads it: one cookie, or the chunks `name.0`,
 * `name.1`, … it splits a large one into. Null when absent, forged, or past its idle expiry. A cookie
 * decrypted before is not decrypted again until it expires (`DecodedCookies`).
 */
async function readSessionCookie(jar: CookieJar, secret: string, name: string): Promise<JWT | null> {
  let value = jar.get(name)?.value
  if (value === undefined) {
    const chunks: string[] = []
    for (let chunk = jar.get(`${name}.0`); chunk; chunk = jar.get(`${name}.${chunks.length}`)) chunks.push(chunk.value)
    value = chunks.join('')
  }
  if (!value) return null
  return decodedCookies().decode(value, secret, async (token) => {
    try {
      return await decode({ token, secret })
    } catch {
      return null
    }
  })
}

async function actorThroughNextAuth(): Promise<Actor | null> {
  const session = await getServerSession(getAuthOptions())
  const user = session?.user
  if (!user?.id || !user.email) return null
  return { userId: user.id, email: user.email, name: user.name ?? null }
}

/** For route handlers: the actor, or an EdgeError('UNAUTHENTICATED') that the http wrapper turns into 401. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor()
  if (!actor) throw new EdgeError('UNAUTHENTICATED', 'Sign in to continue.')
  return actor
}

/**
 * For pages: the actor, or a redirect to sign-in that comes back to `returnTo` (the page's own
 * path, e.g. `/contracts/${id}`) afterwards.
 */
export async function requirePageActor(returnTo: string): Promise<Actor> {
  const actor = await getActor()
  if (!actor) redirect(`/signin?${new URLSearchParams({ callbackUrl: returnTo })}`)
  return actor
}

/**
 * Ends every session of the user on every device: bumps the session epoch, so `checkSession`
 * refuses every cookie minted before now (next-auth clears each the next time it reads it), and revokes
 * every API token of the user in the same transaction (R22, docs/decisions/010): a token can only
 * be made from a signed-in browser, so a stolen session could have left one behind, and
 * "everywhere" must include it. Returns how many tokens were revoked.
 */
export async function signOutEverywhere(userId: string, db: Db = getDb(), now: Date = new Date()): Promise<{ tokensRevoked: number }> {
  const tokensRevoked = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { sessionEpoch: { increment: 1 } } })
    return revokeAllTokens(tx, userId, now)
  })
  // At once on this instance; other instances may trust their last check for SESSION_CHECK_CACHE_MS.
  sessionChecks().forgetUser(userId)
  logSecurityEvent({ event: 'auth.sign_out_everywhere', userId })
  if (tokensRevoked > 0) logSecurityEvent({ event: 'auth.tokens_revoked', userId, count: tokensRevoked, reason: 'SIGN_OUT_EVERYWHERE' })
  return { tokensRevoked }
}
