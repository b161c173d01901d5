import 'server-only'
import type { Db } from './db/client'
import { poolSql } from './db/sql'
import { EdgeError } from './errors'
import { logSecurityEvent } from './security-log'

/** `limit` requests per fixed window of `windowMs`. */
export type RateLimitRule = { limit: number; windowMs: number }

export type RateLimitResult = {
  allowed: boolean
  /** Requests counted in the current window, this one included. */
  count: number
  remaining: number
  resetAt: Date
  /** Whole seconds until the window resets (for a Retry-After header); 0 when allowed. */
  retryAfterSeconds: number
}

/**
 * Counts one request against `key` and says whether it is within the rule. The counter lives in
 * PostgreSQL so every app instance shares it, and one `INSERT … ON CONFLICT DO UPDATE … RETURNING`
 * makes the count-and-check atomic: concurrent requests are serialised on the row, so no more than
 * `limit` of them are ever allowed in a window. A window that has ended starts over at 1.
 */
export async function consumeRateLimit(db: Db, key: string, rule: RateLimitRule, now: Date = new Date()): Promise<RateLimitResult> {
  // Timestamps go in as UTC ISO strings and are stored as UTC wall time, as Prisma stores DateTime;
  // the epoch comes back as milliseconds, so neither side's time zone matters.
  const nowIso = now.toISOString()
  const resetIso = new Date(now.getTime() + rule.windowMs).toISOString()
  // One statement, no transaction around it: the table is unlogged (a counter need not survive a
  // crash), so it commits without waiting for a WAL flush and holds the row lock only while it runs.
  const rows = await poolSql(db)<{ count: number; resetAtMs: string | number }>(
    `INSERT INTO "RateLimit" ("key", "count", "resetAt")
    VALUES ($1, 1, $2::timestamptz AT TIME ZONE 'UTC')
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= ($3::timestamptz AT TIME ZONE 'UTC')
                     THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= ($3::timestamptz AT TIME ZONE 'UTC')
                       THEN EXCLUDED."resetAt" ELSE "RateLimit"."resetAt" END
    RETURNING "count", floor(extract(epoch FROM "resetAt") * 1000)::bigint AS "resetAtMs"`,
    [key, resetIso, nowIso],
    { name: 'tranche_rate_limit' },
  )
  const row = rows[0]
  if (!row) throw new Error('rate limit upsert returned no row')
  const count = Number(row.count)
  const resetAt = new Date(Number(row.resetAtMs))
  const allowed = count <= rule.limit
  return {
    allowed,
    count,
    remaining: Math.max(0, rule.limit - count),
    resetAt,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)),
  }
}

/**
 * Counts one request and throws RATE_LIMITED (429, with Retry-After) when it is over the rule,
 * logging the hit as a security event. `subject` names who was limited in the log (an id, an
 * address or a hash, never an email address or a token).
 */
export async function enforceRateLimit(
  db: Db,
  { key, rule, name, subject, ip, message, now }: { key: string; rule: RateLimitRule; name: string; subject: string; ip?: string; message: (retryAfterSeconds: number) => string; now?: Date },
): Promise<void> {
  const result = await consumeRateLimit(db, key, rule, now)
  if (result.allowed) return
  logSecurityEvent({ event: 'rate_limit.hit', rule: name, subject, retryAfterSeconds: result.retryAfterSeconds, ...(ip ? { ip } : {}) })
  throw new EdgeError('RATE_LIMITED', message(result.retryAfterSeconds), result.retryAfterSeconds)
}

/** "Try again in N minutes." for a Retry-After in seconds. */
export function tryAgainIn(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60)
  return `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
}

/** Deletes counters whose window ended before `before`; they would start over anyway. */
export async function deleteExpiredRateLimits(db: Db, before: Date = new Date()): Promise<number> {
  const { count } = await db.rateLimit.deleteMany({ where: { resetAt: { lt: before } } })
  return count
}
