import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '@/server/csp'

const directives = (policy: string) => Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]))

describe('contentSecurityPolicy', () => {
  it("allows scripts by this response's nonce only: no 'unsafe-inline', no eval in production", () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'abc123==', dev: false, https: true }))
    expect(policy['script-src']).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"])
    expect(policy['object-src']).toEqual(["'none'"])
    expect(policy['base-uri']).toEqual(["'none'"])
    expect(policy['frame-ancestors']).toEqual(["'none'"])
    expect(policy).toHaveProperty('upgrade-insecure-requests')
  })

  it("adds 'unsafe-eval' for the dev server only, and no https upgrade on plain http", () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'n', dev: true, https: false }))
    expect(policy['script-src']).toContain("'unsafe-eval'")
    expect(policy['script-src']).not.toContain("'unsafe-inline'")
    expect(policy).not.toHaveProperty('upgrade-insecure-requests')
  })
})
