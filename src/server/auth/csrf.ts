import 'server-only'
import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Whether a sign-in POST carries next-auth's double-submit CSRF token: the `csrfToken` field must
 * equal the token in next-auth's csrf cookie, and that cookie must be next-auth's own (its hash is
 * sha256(token + secret), as next-auth's core/lib/csrf-token.js makes it). next-auth refuses a
 * request that fails this itself; we check first so such a request never counts against a rate
 * limit (five token-less POSTs naming a victim's address must not lock the victim out).
 */
export function hasValidCsrfToken({ cookieHeader, bodyToken, secret, secureCookies }: { cookieHeader: string | null; bodyToken: unknown; secret: string | undefined; secureCookies: boolean }): boolean {
  // Without a secret next-auth derives one we cannot see (`next dev` alone): count every request.
  if (!secret) return true
  if (typeof bodyToken !== 'string' || bodyToken === '') return false
  const name = `${secureCookies ? '__Host-' : ''}next-auth.csrf-token`
  const value = readCookie(cookieHeader, name)
  const [token, hash] = value?.split('|') ?? []
  if (!token || !hash) return false
  const expected = createHash('sha256').update(`${token}${secret}`).digest('hex')
  return isEqual(hash, expected) && isEqual(token, bodyToken)
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const separator = part.indexOf('=')
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      try {
        return decodeURIComponent(part.slice(separator + 1).trim())
      } catch {
        return undefined
      }
    }
  }
  return undefined
}

function isEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
