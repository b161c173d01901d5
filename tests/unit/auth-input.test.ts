import { describe, expect, it } from 'vitest'
import { normalizeEmail } from '@/server/auth/email-address'
import { toSafeCallbackPath } from '@/server/auth/safe-callback'
import { getClientIp } from '@/server/auth/sign-in-rate-limit'

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

describe('getClientIp', () => {
  it('takes the hop the nearest proxy appended', () => {
    expect(getClientIp(new Headers({ 'x-forwarded-for': '203.0.113.9, 198.51.100.2' }))).toBe('198.51.100.2')
  })

  it('falls back to X-Real-IP, then to one shared bucket', () => {
    expect(getClientIp(new Headers({ 'x-real-ip': '203.0.113.7' }))).toBe('203.0.113.7')
    expect(getClientIp(new Headers())).toBe('unknown')
  })
})
