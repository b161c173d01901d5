import 'server-only'
import { createHash } from 'node:crypto'
import type { Db } from '../db/client'
import { errorResponse } from '../http'
import { consumeRateLimit, type RateLimitRule } from '../rate-limit'
import { normalizeEmail } from './email-address'

const WINDOW_MS = 15 * 60 * 1000
/** Five links in 15 minutes is plenty for a person retrying; more is someone mail-bombing the address. */
export const SIGN_IN_PER_EMAIL: RateLimitRule = { limit: 5, windowMs: WINDOW_MS }
/** Twenty per address of origin leaves room for an office behind one NAT, not for spraying addresses. */
export const SIGN_IN_PER_IP: RateLimitRule = { limit: 20, windowMs: WINDOW_MS }

/**
 * The client address for rate limiting: the last `X-Forwarded-For` hop (the one our own proxy or
 * Next.js's server appended), then `X-Real-IP`. Behind no proxy a client can choose this header,
 * which is why the per-email limit does not depend on it.
 */
export function getClientIp(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')
  const last = forwarded?.split(',').map((part) => part.trim()).filter(Boolean).at(-1)
  return last ?? headers.get('x-real-ip')?.trim() ?? 'unknown'
}

/**
 * Counts a magic-link request (POST /api/auth/signin/email) against the per-IP and per-email
 * limits; returns the 429 response when either is exceeded, or null to let it through. Reads the
 * form from a clone, so next-auth can still read the original body.
 */
export async function refuseSignInIfRateLimited(request: Request, { db, now = new Date() }: { db: Db; now?: Date }): Promise<Response | null> {
  const email = normalizeEmail(await readEmailField(request.clone()))
  const checks = [{ key: `signin:ip:${getClientIp(request.headers)}`, rule: SIGN_IN_PER_IP }]
  // Hashed: the counters table need not hold a list of who tried to sign in.
  if (email) checks.push({ key: `signin:email:${createHash('sha256').update(email).digest('base64url')}`, rule: SIGN_IN_PER_EMAIL })
  for (const { key, rule } of checks) {
    const result = await consumeRateLimit(db, key, rule, now)
    if (!result.allowed) {
      const minutes = Math.ceil(result.retryAfterSeconds / 60)
      const response = errorResponse('RATE_LIMITED', `Too many sign-in requests. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`)
      response.headers.set('Retry-After', String(result.retryAfterSeconds))
      return response
    }
  }
  return null
}

async function readEmailField(request: Request): Promise<unknown> {
  try {
    const contentType = request.headers.get('content-type') ?? ''
    if (contentType.includes('application/json')) return ((await request.json()) as { email?: unknown } | null)?.email
    if (contentType.includes('application/x-www-form-urlencoded')) return new URLSearchParams(await request.text()).get('email')
  } catch {
    // A body we cannot read has no email to count; the per-IP limit still applies.
  }
  return undefined
}
