import 'server-only'

/** Where a user lands after signing in when no (acceptable) page was asked for. */
export const DEFAULT_CALLBACK_PATH = '/contracts'

/**
 * The same-site path a callback URL points at, or null when it leads anywhere else. Accepts a
 * relative path ("/contracts/abc?x=1") or an absolute URL on `baseUrl`'s origin (next-auth stores
 * the callback URL absolute); refuses other origins, protocol-relative "//host", backslash tricks
 * ("/\\host", which browsers read as "//host") and control characters.
 */
export function toSafeCallbackPath(url: unknown, baseUrl: string): string | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 2048) return null
  // Browsers drop tabs and newlines inside URLs, which can turn "/\t/evil" into "//evil".
  if (/[\u0000-\u001f\u007f\\]/.test(url)) return null
  let base: URL
  try {
    base = new URL(baseUrl)
  } catch {
    return null
  }
  if (url.startsWith('/') && !url.startsWith('//')) {
    const resolved = new URL(url, base)
    return resolved.origin === base.origin ? `${resolved.pathname}${resolved.search}${resolved.hash}` : null
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.origin !== base.origin) return null
  return `${parsed.pathname}${parsed.search}${parsed.hash}`
}
