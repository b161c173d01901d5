import { describe, expect, it } from 'vitest'
import { normalizeEmail } from '@/server/auth/email-address'
import { toSafeCallbackPath } from '@/server/auth/safe-callback'
import { clientAddressOf } from '@/server/client-address'

const BASE = 'http://localhost:3000'

describe('toSafeCallbackPath', () => {
  it.each([
    ['/contracts/abc', '/contracts/abc'],
    ['/contracts/abc/review?tab=changes#top', '/contracts/abc/review?tab=changes#top'],
    ['/', '/'],
    ['http://localhost:3000/contracts/abc', '/contracts/abc'],
  ])('keeps the same-site path %s', (input, expected) => {
    expect(toSafeCallbackPath(input, BASE)).toBe(expected)
  })

  it.each([
    'https://evil.example/',
    '//evil.example',
    '//evil.example/contracts',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    'http://localhost:3001/contracts',
    'https://localhost:3000/contracts',
    'contracts/abc',
    '',
    'x'.repeat(3000),
  ])('refuses %j', (input) => {
    expect(toSafeCallbackPath(input, BASE)).toBeNull()
  })

  it('refuses anything that is not a string', () => {
    expect(toSafeCallbackPath(undefined, BASE)).toBeNull()
    expect(toSafeCallbackPath(['/contracts'], BASE)).toBeNull()
  })
})

describe('normalizeEmail', () => {
  it('trims and lower-cases one address', () => {
    expect(normalizeEmail('  Alice@Example.COM ')).toBe('alice@example.com')
  })

  it.each(['', 'alice', 'a@b@c.example', 'alice@', '"a"@b.example', `${'a'.repeat(250)}@b.example`])('refuses %j', (input) => {
    expect(normalizeEmail(input)).toBeNull()
  })

  it('refuses non-strings', () => {
    expect(normalizeEmail(null)).toBeNull()
    expect(normalizeEmail(['a@b.example'])).toBeNull()
  })
})

describe('clientAddressOf (TRUSTED_PROXY_HOPS)', () => {
  const peer = '198.51.100.2'

  it('with 0 hops ignores X-Forwarded-For: the client is the TCP peer, whatever it wrote', () => {
    expect(clientAddressOf({ forwardedFor: '203.0.113.9', socketAddress: peer, hops: 0 })).toBe(peer)
    expect(clientAddressOf({ forwardedFor: undefined, socketAddress: `::ffff:${peer}`, hops: 0 })).toBe(peer)
    expect(clientAddressOf({ forwardedFor: undefined, socketAddress: undefined, hops: 0 })).toBe('unknown')
  })

  it('with 1 hop takes the entry the proxy appended, not what the client wrote before it', () => {
    expect(clientAddressOf({ forwardedFor: '1.1.1.1, 203.0.113.9', socketAddress: '10.0.0.2', hops: 1 })).toBe('203.0.113.9')
    expect(clientAddressOf({ forwardedFor: ['1.1.1.1', '203.0.113.9'], socketAddress: '10.0.0.2', hops: 1 })).toBe('203.0.113.9')
  })

  it('with 2 hops skips both proxies', () => {
    expect(clientAddressOf({ forwardedFor: '1.1.1.1, 203.0.113.9, 10.0.0.1', socketAddress: '10.0.0.2', hops: 2 })).toBe('203.0.113.9')
  })

  it('a request that skipped a proxy gets the farthest address it has', () => {
    expect(clientAddressOf({ forwardedFor: undefined, socketAddress: peer, hops: 2 })).toBe(peer)
  })
})
