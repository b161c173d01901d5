import { describe, expect, it } from 'vitest'
import { SessionCheckCache, type SessionVerdict } from '@/server/auth/session-check-cache'

/** A cache on a clock the test moves by hand. */
function cacheAt(ttlMs: number, maxEntries = 100) {
  const clock = { now: 1_000_000 }
  return { cache: new SessionCheckCache(ttlMs, maxEntries, () => clock.now), clock }
}
const verdict = (userId: string, epoch = 0): SessionVerdict => ({ userId, epoch, email: `${userId}@test.tranche`, name: null })

describe('SessionCheckCache', () => {
  it('recalls a verdict until its time is up, then checks again', () => {
    const { cache, clock } = cacheAt(10_000)
    cache.remember('s1', verdict('u1'), cache.generation())
    expect(cache.recall('s1', 'u1', 0)).toMatchObject(verdict('u1'))
    clock.now += 9_999
    expect(cache.recall('s1', 'u1', 0)).toBeDefined()
    clock.now += 1
    expect(cache.recall('s1', 'u1', 0)).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('trusts nothing remembered before the clock was set back', () => {
    const { cache, clock } = cacheAt(10_000)
    cache.remember('s1', verdict('u1'), cache.generation())
    clock.now -= 1
    expect(cache.recall('s1', 'u1', 0)).toBeUndefined()
  })

  it('recalls a verdict only for the same user and epoch', () => {
    const { cache } = cacheAt(10_000)
    cache.remember('s1', verdict('u1', 3), cache.generation())
    expect(cache.recall('s1', 'u2', 3)).toBeUndefined()
    cache.remember('s1', verdict('u1', 3), cache.generation())
    expect(cache.recall('s1', 'u1', 2)).toBeUndefined()
  })

  it('forgets one session, or every session of a user, at once', () => {
    const { cache } = cacheAt(10_000)
    for (const [sid, user] of [['a1', 'ua'], ['a2', 'ua'], ['b1', 'ub']] as const) cache.remember(sid, verdict(user), cache.generation())
    cache.forgetSession('b1')
    expect(cache.recall('b1', 'ub', 0)).toBeUndefined()
    expect(cache.recall('a1', 'ua', 0)).toBeDefined()
    cache.forgetUser('ua')
    expect([cache.recall('a1', 'ua', 0), cache.recall('a2', 'ua', 0)]).toEqual([undefined, undefined])
  })

  it('does not store a check that began before a sign-out (it may have read the session before it ended)', () => {
    const { cache } = cacheAt(10_000)
    const before = cache.generation()
    cache.forgetUser('someone else')
    cache.remember('s1', verdict('u1'), before)
    expect(cache.recall('s1', 'u1', 0)).toBeUndefined()
    cache.remember('s1', verdict('u1'), cache.generation())
    expect(cache.recall('s1', 'u1', 0)).toBeDefined()
  })

  it('stores nothing when turned off (SESSION_CHECK_CACHE_MS=0)', () => {
    const { cache } = cacheAt(0)
    cache.remember('s1', verdict('u1'), cache.generation())
    expect(cache.size).toBe(0)
  })

  it('never holds more than its bound: a flood of sessions drops the oldest first', () => {
    const { cache, clock } = cacheAt(10_000, 3)
    for (let i = 0; i < 1_000; i++) {
      cache.remember(`s${i}`, verdict(`u${i}`), cache.generation())
      clock.now += 1
      expect(cache.size).toBeLessThanOrEqual(3)
    }
    expect(cache.recall('s999', 'u999', 0)).toBeDefined()
    expect(cache.recall('s996', 'u996', 0)).toBeUndefined()
  })

  it('drops expired entries when storing, so idle sessions do not stay in memory', () => {
    const { cache, clock } = cacheAt(10_000, 100)
    for (let i = 0; i < 50; i++) cache.remember(`old${i}`, verdict('u'), cache.generation())
    clock.now += 10_000
    cache.remember('new', verdict('u'), cache.generation())
    expect(cache.size).toBe(1)
  })

  it('a session checked again moves to the back of the line', () => {
    const { cache, clock } = cacheAt(10_000, 2)
    cache.remember('a', verdict('u'), cache.generation())
    clock.now += 1
    cache.remember('b', verdict('u'), cache.generation())
    clock.now += 1
    cache.remember('a', verdict('u'), cache.generation())
    cache.remember('c', verdict('u'), cache.generation())
    expect([cache.recall('a', 'u', 0), cache.recall('b', 'u', 0), cache.recall('c', 'u', 0)].map(Boolean)).toEqual([true, false, true])
  })
})
