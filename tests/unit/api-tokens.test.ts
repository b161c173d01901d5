import { describe, expect, it } from 'vitest'
import {
  expiryProblem,
  isTokenFormat,
  LAST_USED_PRECISION_MS,
  latestExpiry,
  parseAuthorization,
  scopeAllows,
  shouldRecordUse,
  tokenState,
} from '@/domain/api-tokens'

const TOKEN = `tr_${'aB3-_'.repeat(8)}xyz`

describe('token format', () => {
  it('is tr_ and 43 base64url characters, nothing else', () => {
    expect(TOKEN).toHaveLength(46)
    expect(isTokenFormat(TOKEN)).toBe(true)
    for (const bad of ['', 'tr_', TOKEN.slice(0, -1), `${TOKEN}a`, TOKEN.replace('tr_', 'TR_'), TOKEN.replace('tr_', 'tk_'), `${TOKEN.slice(0, -1)}=`, `${TOKEN.slice(0, -1)}+`, ` ${TOKEN}`, `${TOKEN}\n`]) {
      expect(isTokenFormat(bad), JSON.stringify(bad)).toBe(false)
    }
  })
})

describe('parseAuthorization', () => {
  it('no header, or a scheme other than Bearer, is no token: the session decides', () => {
    expect(parseAuthorization(null)).toEqual({ kind: 'none' })
    expect(parseAuthorization('Basic dXNlcjpwYXNz')).toEqual({ kind: 'none' })
    expect(parseAuthorization(`Bearer${TOKEN}`)).toEqual({ kind: 'none' })
    expect(parseAuthorization('')).toEqual({ kind: 'none' })
  })

  it('Bearer (any case, any spacing) with a token is that token', () => {
    for (const header of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `BEARER   ${TOKEN}  `, `\tBearer\t${TOKEN}`]) {
      expect(parseAuthorization(header), header).toEqual({ kind: 'token', token: TOKEN })
    }
  })

  it('Bearer with anything else is malformed, never "no token"', () => {
    for (const header of ['Bearer', 'Bearer ', 'Bearer x', `Bearer ${TOKEN} ${TOKEN}`, `Bearer "${TOKEN}"`, `Bearer ${TOKEN.slice(3)}`]) {
      expect(parseAuthorization(header), header).toEqual({ kind: 'malformed' })
    }
  })
})

describe('scopeAllows', () => {
  it('read tokens only read; write tokens may do anything the user may', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) expect(scopeAllows('read', method), method).toBe(true)
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'post']) expect(scopeAllows('read', method), method).toBe(false)
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) expect(scopeAllows('write', method), method).toBe(true)
  })
})

describe('tokenState', () => {
  const now = new Date('2027-01-10T00:00:00Z')
  it('is active until the expiry instant, expired from it on, revoked whenever revoked', () => {
    expect(tokenState({ expiresAt: new Date(now.getTime() + 1), revokedAt: null }, now)).toBe('ACTIVE')
    expect(tokenState({ expiresAt: now, revokedAt: null }, now)).toBe('EXPIRED')
    expect(tokenState({ expiresAt: new Date(now.getTime() - 1), revokedAt: null }, now)).toBe('EXPIRED')
    expect(tokenState({ expiresAt: new Date(now.getTime() + 1000), revokedAt: now }, now)).toBe('REVOKED')
    expect(tokenState({ expiresAt: new Date(now.getTime() - 1000), revokedAt: now }, now)).toBe('REVOKED')
  })
})

describe('shouldRecordUse', () => {
  const now = new Date('2027-01-10T00:00:00Z')
  it('records the first use, then at most once a minute', () => {
    expect(LAST_USED_PRECISION_MS).toBe(60_000)
    expect(shouldRecordUse(null, now)).toBe(true)
    expect(shouldRecordUse(new Date(now.getTime() - 59_999), now)).toBe(false)
    expect(shouldRecordUse(new Date(now.getTime() - 60_000), now)).toBe(true)
    expect(shouldRecordUse(now, now)).toBe(false)
  })
})

describe('expiry', () => {
  it('the latest expiry is the same instant a calendar year later, in UTC (a leap day moves to 1 March)', () => {
    expect(latestExpiry(new Date('2027-03-01T12:00:00Z')).toISOString()).toBe('2028-03-01T12:00:00.000Z')
    expect(latestExpiry(new Date('2027-12-31T23:59:59.999Z')).toISOString()).toBe('2028-12-31T23:59:59.999Z')
    expect(latestExpiry(new Date('2028-02-29T08:00:00Z')).toISOString()).toBe('2029-03-01T08:00:00.000Z')
  })

  it('must be in the future and at most a year ahead', () => {
    const now = new Date('2027-03-01T12:00:00Z')
    expect(expiryProblem(new Date(now.getTime() + 1), now)).toBeNull()
    expect(expiryProblem(new Date('2028-03-01T12:00:00Z'), now)).toBeNull()
    expect(expiryProblem(now, now)).toBe('Choose an expiry in the future.')
    expect(expiryProblem(new Date(now.getTime() - 1), now)).toBe('Choose an expiry in the future.')
    expect(expiryProblem(new Date('2028-03-01T12:00:00.001Z'), now)).toBe('A token expires within one year at most.')
  })
})
