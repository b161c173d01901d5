import type { JWT } from 'next-auth/jwt'
import { describe, expect, it } from 'vitest'
import { DecodedCookies } from '@/server/auth/decoded-cookies'

/** A cache on a clock the test moves by hand, and a decoder that counts its calls. */
function setup(maxEntries = 100) {
  const clock = { now: 1_000_000_000 }
  const cache = new DecodedCookies(maxEntries, () => clock.now)
  const calls: string[] = []
  const tokens = new Map<string, JWT | null>()
  const decode = async (value: string) => {
    calls.push(value)
    return tokens.get(value) ?? null
  }
  const session = (value: string, expSeconds: number) => tokens.set(value, { sub: `user-of-${value}`, sid: value, exp: expSeconds })
  return { cache, clock, calls, tokens, decode, session }
}

describe('DecodedCookies', () => {
  it('decrypts a cookie once and answers the same token until its expiry, then decrypts again', async () => {
    const { cache, clock, calls, decode, session } = setup()
    session('c1', clock.now / 1000 + 60)
    const first = await cache.decode('c1', 'secret', decode)
    expect(first).toMatchObject({ sub: 'user-of-c1' })
    clock.now += 59_999
    expect(await cache.decode('c1', 'secret', decode)).toBe(first)
    expect(calls).toEqual(['c1'])
    clock.now += 1
    await cache.decode('c1', 'secret', decode)
    expect(calls).toEqual(['c1', 'c1'])
  })

  it('never keeps a cookie that does not decrypt, nor a token without an expiry', async () => {
    const { cache, calls, tokens, decode } = setup()
    expect(await cache.decode('forged', 'secret', decode)).toBeNull()
    expect(await cache.decode('forged', 'secret', decode)).toBeNull()
    tokens.set('no-exp', { sub: 'u' })
    await cache.decode('no-exp', 'secret', decode)
    await cache.decode('no-exp', 'secret', decode)
    expect(calls).toEqual(['forged', 'forged', 'no-exp', 'no-exp'])
    expect(cache.size).toBe(0)
  })

  it('forgets every cookie when the secret changes', async () => {
    const { cache, clock, calls, decode, session } = setup()
    session('c1', clock.now / 1000 + 60)
    await cache.decode('c1', 'old secret', decode)
    await cache.decode('c1', 'new secret', decode)
    expect(calls).toEqual(['c1', 'c1'])
  })

  it('keeps at most its bound, the oldest going first', async () => {
    const { cache, clock, calls, decode, session } = setup(2)
    for (const value of ['a', 'b', 'c']) {
      session(value, clock.now / 1000 + 60)
      await cache.decode(value, 'secret', decode)
    }
    expect(cache.size).toBe(2)
    await cache.decode('c', 'secret', decode)
    await cache.decode('a', 'secret', decode)
    expect(calls).toEqual(['a', 'b', 'c', 'a'])
  })

  it('hands out a frozen token, so no request can change what the next one reads', async () => {
    const { cache, clock, decode, session } = setup()
    session('c1', clock.now / 1000 + 60)
    const token = await cache.decode('c1', 'secret', decode)
    expect(Object.isFrozen(token)).toBe(true)
  })
})
