import 'server-only'
import { getServerSession } from 'next-auth/next'
import { redirect } from 'next/navigation'
import { getDb, type Db } from '../db/client'
import { EdgeError } from '../errors'
import { logSecurityEvent } from '../security-log'
import { revokeAllTokens } from '../tokens/revoke-token'
import { getAuthOptions } from './options'

/** The signed-in person a request acts for. */
export type Actor = { userId: string; email: string; name: string | null }

/**
 * The signed-in user of the current request, or null. Reads the session cookie through next-auth,
 * whose jwt callback refuses cookies revoked by "sign out everywhere". Works in route handlers,
 * server components and server actions.
 */
export async function getActor(): Promise<Actor | null> {
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
 * Ends every session of the user on every device: bumps the session epoch, so the jwt callback
 * refuses every cookie minted before now (each is cleared the next time it is read), and revokes
 * every API token of the user in the same transaction (R22, docs/decisions/010): a token can only
 * be made from a signed-in browser, so a stolen session could have left one behind, and
 * "everywhere" must include it. Returns how many tokens were revoked.
 */
export async function signOutEverywhere(userId: string, db: Db = getDb(), now: Date = new Date()): Promise<{ tokensRevoked: number }> {
  const tokensRevoked = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { sessionEpoch: { increment: 1 } } })
    return revokeAllTokens(tx, userId, now)
  })
  logSecurityEvent({ event: 'auth.sign_out_everywhere', userId })
  if (tokensRevoked > 0) logSecurityEvent({ event: 'auth.tokens_revoked', userId, count: tokensRevoked, reason: 'SIGN_OUT_EVERYWHERE' })
  return { tokensRevoked }
}
