import 'server-only'
import type { Db } from './db/client'
import { redactExpiredSignInEmails } from './mail/redact'
import { deleteExpiredRateLimits } from './rate-limit'
import { deleteDeadTokens } from './tokens/revoke-token'

export type MaintenanceReport = { rateLimits: number; revokedSessions: number; verificationTokens: number; redactedEmails: number; apiTokens: number }

/**
 * Deletes what has outlived its purpose: rate-limit counters whose window ended, revoked sessions
 * past their absolute end, magic-link tokens past their expiry, API tokens revoked or expired 30
 * days ago. Every instance runs it; the deletes
 * are idempotent, so running it twice at once costs a little and breaks nothing.
 */
export async function runMaintenance(db: Db, now: Date = new Date()): Promise<MaintenanceReport> {
  const rateLimits = await deleteExpiredRateLimits(db, now)
  const { count: revokedSessions } = await db.revokedSession.deleteMany({ where: { expiresAt: { lt: now } } })
  const { count: verificationTokens } = await db.verificationToken.deleteMany({ where: { expires: { lt: now } } })
  const redactedEmails = await redactExpiredSignInEmails(db, now)
  const apiTokens = await deleteDeadTokens(db, now)
  return { rateLimits, revokedSessions, verificationTokens, redactedEmails, apiTokens }
}

/** Once a minute: counters of a 1-minute window never pile up for more than two. */
const INTERVAL_MS = 60_000
const globalForMaintenance = globalThis as unknown as { trancheMaintenance?: ReturnType<typeof setInterval> }

/** Runs `runMaintenance` in this process every minute (once per process, across dev reloads), never keeping it alive. */
export function startMaintenance(db: Db): void {
  if (globalForMaintenance.trancheMaintenance) return
  const tick = () =>
    runMaintenance(db).catch((error: unknown) => {
      // A database hiccup: the rows are still there, the next run deletes them.
      console.warn('[maintenance] run failed:', error instanceof Error ? error.message : error)
    })
  void tick()
  globalForMaintenance.trancheMaintenance = setInterval(tick, INTERVAL_MS)
  globalForMaintenance.trancheMaintenance.unref()
}
