/**
 * R22: personal API tokens, as rules without I/O. The server makes the random bytes and the hash;
 * this file says what a token looks like, what its scope allows, when it is alive, and which
 * expiry a new one may have.
 */

/** Every token starts with it, so a secret scanner (and a person) recognises a leaked Tranche token. */
export const TOKEN_PREFIX = 'tr_'

/** 32 random bytes, base64url without padding: 43 characters, 256 bits of entropy. */
export const TOKEN_SECRET_LENGTH = 43

const TOKEN_FORMAT = /^tr_[A-Za-z0-9_-]{43}$/

export type TokenScope = 'read' | 'write'

export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'write']

/** Whether `value` has the shape of a Tranche token; anything else is refused before any lookup. */
export function isTokenFormat(value: string): boolean {
  return TOKEN_FORMAT.test(value)
}

/**
 * The token an `Authorization` header carries, or what it means when there is none:
 * `none` (no header, or a scheme other than Bearer: the cookie session decides, so Basic auth of a
 * proxy in front of Tranche does not break the pages), `malformed` (Bearer with anything that is
 * not a Tranche token: refused, never treated as "no token").
 */
export function parseAuthorization(header: string | null): { kind: 'none' } | { kind: 'malformed' } | { kind: 'token'; token: string } {
  if (header === null) return { kind: 'none' }
  const match = /^\s*bearer(?:\s+(.*?))?\s*$/i.exec(header)
  if (!match) return { kind: 'none' }
  const token = match[1] ?? ''
  return isTokenFormat(token) ? { kind: 'token', token } : { kind: 'malformed' }
}

/** Methods that only read. A read token may call these and nothing else. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Whether a token of `scope` may make a request with `method`: read tokens read, write tokens do everything the user may. */
export function scopeAllows(scope: TokenScope, method: string): boolean {
  return scope === 'write' || READ_METHODS.has(method.toUpperCase())
}

export type TokenState = 'ACTIVE' | 'EXPIRED' | 'REVOKED'

/** A token is alive until it is revoked or its expiry passes (the expiry instant itself is already expired). */
export function tokenState(token: { expiresAt: Date; revokedAt: Date | null }, now: Date): TokenState {
  if (token.revokedAt !== null) return 'REVOKED'
  if (token.expiresAt.getTime() <= now.getTime()) return 'EXPIRED'
  return 'ACTIVE'
}

/**
 * "Last used" is written at most this often per token: a script making 50 requests a second
 * costs one UPDATE a minute, not 50 a second, and a minute is as precise as the page shows it.
 */
export const LAST_USED_PRECISION_MS = 60_000

/** Whether a use at `now` should be recorded, given the recorded `lastUsedAt`. */
export function shouldRecordUse(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= LAST_USED_PRECISION_MS
}

/** The latest expiry a token made at `now` may have: the same instant one calendar year later (UTC). */
export function latestExpiry(now: Date): Date {
  const latest = new Date(now.getTime())
  latest.setUTCFullYear(latest.getUTCFullYear() + 1)
  return latest
}

/**
 * Why an expiry is refused, or null when it is allowed: it must lie in the future and at most one
 * year ahead. A token without an expiry is not offered: a forgotten token would work forever.
 */
export function expiryProblem(expiresAt: Date, now: Date): string | null {
  if (expiresAt.getTime() <= now.getTime()) return 'Choose an expiry in the future.'
  if (expiresAt.getTime() > latestExpiry(now).getTime()) return 'A token expires within one year at most.'
  return null
}
