import 'server-only'
import { createHash } from 'node:crypto'
import type { Db } from '../db/client'
import { enforceRateLimit, tryAgainIn, type RateLimitRule } from '../rate-limit'
import { hasValidCsrfToken } from './csrf'
import { normalizeEmail } from './email-address'

const WINDOW_MS = 15 * 60 * 1000
/** Five links in 15 minutes is plenty for a person retrying; more is someone mail-bombing the address. */
export const SIGN_IN_PER_EMAIL: RateLimitRule = { limit: 5, windowMs: WINDOW_MS }
/** Twenty per address of origin leaves room for an office behind one NAT, not for spraying addresses. */
export const SIGN_IN_PER_IP: RateLimitRule = { limit: 20, windowMs: WINDOW_MS }
/**
 * Demo sign-in sends no email, and its accounts are shared by every visitor, so it is limited per
 * address of origin only (a per-account limit would let one visitor lock the others out). Sixty
 * in 15 minutes leaves room for scripts and the browser suite, which sign in before every test.
 */
export const DEMO_SIGN_IN_PER_IP: RateLimitRule = { limit: 60, windowMs: WINDOW_MS }

export type SignInAttempt = {
  /** Which sign-in: a magic-link request (POST /api/auth/signin/email) or demo (POST /api/auth/callback/demo). */
  kind: 'email' | 'demo'
  /** The posted form fields. */
  fields: Record<string, unknown>
  clientIp: string
  cookieHeader: string | null
}

/**
 * Counts a sign-in attempt against its limits and throws RATE_LIMITED (429) when one is exceeded.
 * Only attempts next-auth would act on count: one without a valid CSRF token is left for next-auth
 * to refuse, uncounted, so nobody can exhaust a victim's per-address limit without a token.
 */
export async function limitSignIn(
  attempt: SignInAttempt,
  { db, secret, secureCookies, now = new Date() }: { db: Db; secret: string | undefined; secureCookies: boolean; now?: Date },
): Promise<void> {
  if (!hasValidCsrfToken({ cookieHeader: attempt.cookieHeader, bodyToken: attempt.fields.csrfToken, secret, secureCookies })) return
  const ip = attempt.clientIp
  const message = (seconds: number) => `Too many sign-in requests. ${tryAgainIn(seconds)}`
  if (attempt.kind === 'demo') {
    await enforceRateLimit(db, { key: `signin-demo:ip:${ip}`, rule: DEMO_SIGN_IN_PER_IP, name: 'demo-sign-in-per-ip', subject: `ip:${ip}`, ip, message, now })
    return
  }
  await enforceRateLimit(db, { key: `signin:ip:${ip}`, rule: SIGN_IN_PER_IP, name: 'sign-in-per-ip', subject: `ip:${ip}`, ip, message, now })
  const email = normalizeEmail(attempt.fields.email)
  if (!email) return
  // Hashed: neither the counters table nor the log need a list of who tried to sign in.
  const hash = createHash('sha256').update(email).digest('base64url')
  await enforceRateLimit(db, { key: `signin:email:${hash}`, rule: SIGN_IN_PER_EMAIL, name: 'sign-in-per-email', subject: `email-sha256:${hash}`, ip, message, now })
}
