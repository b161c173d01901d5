import 'server-only'
import type { Db } from './db/client'
import type { Env } from './env'
import { enforceRateLimit, tryAgainIn } from './rate-limit'

export { INVITES_PER_HOUR_DEFAULT, WRITES_PER_MINUTE_DEFAULT } from './env'

/**
 * Who an API request is counted against: the signed-in user, or (once API tokens exist) the token
 * it carries, so a leaked token's traffic is limited apart from its owner's pages. The key spells
 * the kind, so a token id can never collide with a user id.
 */
export type RateLimitSubject = { kind: 'user'; id: string } | { kind: 'token'; id: string }

export function subjectOf(caller: { userId: string; tokenId?: string }): RateLimitSubject {
  return caller.tokenId ? { kind: 'token', id: caller.tokenId } : { kind: 'user', id: caller.userId }
}

const keyOf = (subject: RateLimitSubject) => `${subject.kind}:${subject.id}`

type LimitEnv = Pick<Env, 'WRITE_RATE_LIMIT_PER_MINUTE' | 'INVITE_RATE_LIMIT_PER_HOUR'>

/** Counts one API write (any non-GET) against its caller: WRITE_RATE_LIMIT_PER_MINUTE, in PostgreSQL so every instance shares it. */
export function limitApiWrite({ db, subject, env, ip }: { db: Db; subject: RateLimitSubject; env: LimitEnv; ip?: string }): Promise<void> {
  return enforceRateLimit(db, {
    key: `api-write:${keyOf(subject)}`,
    rule: { limit: env.WRITE_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 },
    name: 'api-write-per-minute',
    subject: keyOf(subject),
    ip,
    message: (seconds) => `Too many changes in a short time. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
  })
}

/**
 * Creating a contract emails its expert. When the expert is someone the client never had a
 * contract with (in either role), that email goes to a stranger: such contracts are limited to
 * INVITE_RATE_LIMIT_PER_HOUR, so an account cannot be used to mail the world.
 */
export async function limitNewCounterpart({
  db,
  subject,
  clientId,
  expertEmail,
  env,
  ip,
}: {
  db: Db
  subject: RateLimitSubject
  clientId: string
  expertEmail: string
  env: LimitEnv
  ip?: string
}): Promise<void> {
  const email = expertEmail.trim().toLowerCase()
  const known = await db.contract.findFirst({
    where: { OR: [{ clientId, expert: { email } }, { expertId: clientId, client: { email } }] },
    select: { id: true },
  })
  if (known) return
  await enforceRateLimit(db, {
    key: `api-invite:${keyOf(subject)}`,
    rule: { limit: env.INVITE_RATE_LIMIT_PER_HOUR, windowMs: 60 * 60_000 },
    name: 'new-counterpart-per-hour',
    subject: keyOf(subject),
    ip,
    message: (seconds) => `Too many contracts with new people in the last hour. ${tryAgainIn(seconds)}`,
  })
}
