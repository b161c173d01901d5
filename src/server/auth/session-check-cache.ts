import 'server-only'
import { getEnv } from '../env'

/**
 * At most this many sessions are remembered per instance (about 3 MB): only cookies that decrypt
 * with the secret and pass the check are remembered, so only real sessions fill it, and when a
 * flood of them does, the oldest verdicts (the next to expire anyway) go first.
 */
export const SESSION_CHECK_CACHE_MAX_ENTRIES = 10_000

/** What a check found for one session: whose it is, the epoch it was valid under, and who they are now. */
export type SessionVerdict = { userId: string; epoch: number; email: string; name: string | null }

type Entry = SessionVerdict & { checkedAt: number }

/**
 * One instance's memory of sessions it found valid, by session id (`sid`), for `ttlMs`. Only
 * positive verdicts are kept: a refusal is never remembered, so nothing here can keep refusing a
 * session, and every refusal is looked up again. The Map keeps insertion order, which with one
 * lifetime for all is expiry order: the oldest entry is the first to drop.
 */
export class SessionCheckCache {
  readonly #entries = new Map<string, Entry>()
  /** Bumped by every forget: a check that began before a sign-out must not store what it read. */
  #generation = 0

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = SESSION_CHECK_CACHE_MAX_ENTRIES,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  get size(): number {
    return this.#entries.size
  }

  /** Taken before a check reads the database, and handed back to `remember`. */
  generation(): number {
    return this.#generation
  }

  /** The verdict for this session if it was checked within `ttlMs` for the same user and epoch. */
  recall(sid: string, userId: string, epoch: number | undefined): SessionVerdict | undefined {
    const entry = this.#entries.get(sid)
    if (!entry) return undefined
    const age = this.clock() - entry.checkedAt
    // age < 0: the clock was set back; trust nothing remembered before that.
    if (age < 0 || age >= this.ttlMs || entry.userId !== userId || entry.epoch !== epoch) {
      this.#entries.delete(sid)
      return undefined
    }
    return entry
  }

  /** Keeps a valid session's verdict, unless a sign-out happened since `generation` was taken. */
  remember(sid: string, verdict: SessionVerdict, generation: number): void {
    if (this.ttlMs <= 0 || generation !== this.#generation) return
    const now = this.clock()
    this.#entries.delete(sid)
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size < this.maxEntries && now - entry.checkedAt < this.ttlMs) break
      this.#entries.delete(oldest)
    }
    this.#entries.set(sid, { ...verdict, checkedAt: now })
  }

  /** "Sign out": this session is checked against the database again on its next use. */
  forgetSession(sid: string): void {
    this.#generation++
    this.#entries.delete(sid)
  }

  /** "Sign out everywhere" (or a changed user): every session of the user is checked again. */
  forgetUser(userId: string): void {
    this.#generation++
    for (const [sid, entry] of this.#entries) if (entry.userId === userId) this.#entries.delete(sid)
  }
}

/**
 * Where the process keeps its cache: on globalThis under a registered symbol, because Next.js
 * bundles this module into several chunks (the pages' and the route handlers' each get a copy),
 * and a sign-out handled by a route must be forgotten by the pages too.
 */
const PROCESS_CACHE = Symbol.for('tranche.auth.session-checks')

/** This process's cache, shared by every request it serves; SESSION_CHECK_CACHE_MS=0 turns it off. */
export function sessionChecks(): SessionCheckCache {
  const holder = globalThis as { [PROCESS_CACHE]?: SessionCheckCache }
  holder[PROCESS_CACHE] ??= new SessionCheckCache(getEnv().SESSION_CHECK_CACHE_MS)
  return holder[PROCESS_CACHE]
}
