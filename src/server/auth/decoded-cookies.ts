import 'server-only'
import type { JWT } from 'next-auth/jwt'

/** At most this many decoded cookies are kept per instance (about 10 MB at 1 KB each). */
export const DECODED_COOKIES_MAX_ENTRIES = 10_000

type Entry = { token: JWT; expiresAtMs: number }

/**
 * Session cookies this instance has decrypted, by their exact text, until the expiry they carry.
 * next-auth's `decode` derives its key with HKDF and decrypts on every call, the largest piece of
 * a signed-in read's CPU after the framework's own (BENCHMARKS.md), and a browser sends the same
 * cookie with every request until it is reissued. Keeping the result changes nothing of what a
 * cookie means: the text is the whole input of `decode` besides the one secret, a cookie is never
 * served past its `exp`, and whether its session still stands is checked after this, every time
 * (`checkSession`, decision 014). Only cookies that decrypt are kept, so forged ones cannot fill
 * it; when real ones do, the oldest go first.
 */
export class DecodedCookies {
  readonly #entries = new Map<string, Entry>()
  #secret: string | undefined

  constructor(
    readonly maxEntries = DECODED_COOKIES_MAX_ENTRIES,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  get size(): number {
    return this.#entries.size
  }

  /** The cookie's token: kept if it was decoded before and has not expired, else `decode`'s (null: not a session). */
  async decode(value: string, secret: string, decode: (value: string) => Promise<JWT | null>): Promise<JWT | null> {
    if (secret !== this.#secret) {
      this.#entries.clear()
      this.#secret = secret
    }
    const kept = this.#entries.get(value)
    if (kept && this.clock() < kept.expiresAtMs) return kept.token
    if (kept) this.#entries.delete(value)
    const token = await decode(value)
    // A token without an expiry is not kept: its decode is asked again each time.
    if (token && typeof token.exp === 'number' && secret === this.#secret) {
      if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!)
      // Frozen: every request with this cookie shares the object, so none may change it.
      this.#entries.set(value, { token: Object.freeze(token), expiresAtMs: token.exp * 1000 })
    }
    return token
  }
}

/** Kept on globalThis under a registered symbol, as `sessionChecks` is: Next.js bundles this module into several chunks. */
const PROCESS_CACHE = Symbol.for('tranche.auth.decoded-cookies')

/** This process's decoded cookies, shared by every request it serves. */
export function decodedCookies(): DecodedCookies {
  const holder = globalThis as { [PROCESS_CACHE]?: DecodedCookies }
  holder[PROCESS_CACHE] ??= new DecodedCookies()
  return holder[PROCESS_CACHE]
}
