import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { guardAuthPost, SIGN_IN_MAX_BODY_BYTES } from '@/server/auth/auth-post-guard'
import { createAuthOptions } from '@/server/auth/options'
import { DEMO_SIGN_IN_PER_IP, SIGN_IN_PER_EMAIL, SIGN_IN_PER_IP } from '@/server/auth/sign-in-rate-limit'
import { captureSecurityLog } from '@/server/security-log'
import { createTestDb } from '../setup/db'
import { createBrowser } from '../setup/next-auth-browser'

// What every POST to next-auth passes first (src/server/auth/auth-post-guard.ts), called as the
// route calls it, with a real next-auth CSRF cookie and token from next-auth's own handler.

const APP_URL = 'http://localhost:3000'
const ENV = { APP_URL, NEXTAUTH_SECRET: 'guard-secret-guard-secret-guard-secret-01', NODE_ENV: 'test', ALLOW_INSECURE_HTTP: false } as const
const db = createTestDb()
afterAll(() => db.$disconnect())
const options = createAuthOptions({ db, env: { ...ENV, DEMO_MODE: true } })
const uniqueEmail = () => `guard-${randomUUID()}@test.tranche`
const uniqueIp = () => `198.51.${Math.floor(Math.random() * 256)}.${randomUUID().slice(0, 4)}`

/** A visitor with next-auth's CSRF cookie and the matching token. */
async function visitor() {
  const browser = createBrowser(options, APP_URL)
  const csrfToken = await browser.csrfToken()
  return { csrfToken, cookie: browser.cookieHeader() }
}

type Post = { path: string[]; fields?: Record<string, string>; headers?: Record<string, string>; body?: BodyInit; ip?: string }

function post({ path, fields = {}, headers = {}, body, ip = uniqueIp() }: Post) {
  const request = new Request(`${APP_URL}/api/auth/${path.join('/')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP_URL, ...headers },
    body: body ?? new URLSearchParams(fields),
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit)
  return guardAuthPost(request, path, { db, env: ENV, clientIp: ip })
}

const statusOf = (result: Response | { body: Uint8Array }) => (result instanceof Response ? result.status : 'passed')

async function requestLink(email: string, ip = uniqueIp(), token?: { csrfToken: string; cookie: string }) {
  const { csrfToken, cookie } = token ?? (await visitor())
  return post({ path: ['signin', 'email'], fields: { email, csrfToken, callbackUrl: '/contracts' }, headers: { cookie }, ip })
}

describe('sign-in rate limits', () => {
  it(`answers 429 RATE_LIMITED after ${SIGN_IN_PER_EMAIL.limit} link requests for one address, however it is spelled`, async () => {
    const email = uniqueEmail()
    for (let i = 0; i < SIGN_IN_PER_EMAIL.limit; i++) {
      expect(statusOf(await requestLink(i % 2 ? email.toUpperCase() : ` ${email}`))).toBe('passed')
    }
    const refused = (await requestLink(email)) as Response
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await refused.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringContaining('Too many sign-in requests') } })
  })

  it(`answers 429 after ${SIGN_IN_PER_IP.limit} link requests from one address of origin`, async () => {
    const ip = uniqueIp()
    for (let i = 0; i < SIGN_IN_PER_IP.limit; i++) expect(statusOf(await requestLink(uniqueEmail(), ip))).toBe('passed')
    expect(statusOf(await requestLink(uniqueEmail(), ip))).toBe(429)
    expect(statusOf(await requestLink(uniqueEmail()))).toBe('passed')
  })

  it('counts only requests with a valid CSRF token: token-less POSTs naming a victim never lock the victim out', async () => {
    const victim = uniqueEmail()
    const forged = { csrfToken: 'a'.repeat(64), cookie: `next-auth.csrf-token=${'a'.repeat(64)}|${'b'.repeat(64)}` }
    for (let i = 0; i < SIGN_IN_PER_EMAIL.limit * 2; i++) {
      expect(statusOf(await post({ path: ['signin', 'email'], fields: { email: victim } }))).toBe('passed')
      expect(statusOf(await requestLink(victim, uniqueIp(), forged))).toBe('passed')
    }
    for (let i = 0; i < SIGN_IN_PER_EMAIL.limit; i++) expect(statusOf(await requestLink(victim))).toBe('passed')
    expect(statusOf(await requestLink(victim))).toBe(429)
  })

  it(`limits demo sign-in per address of origin (${DEMO_SIGN_IN_PER_IP.limit} per 15 minutes), not per shared account`, async () => {
    const ip = uniqueIp()
    const { csrfToken, cookie } = await visitor()
    const demo = (from: string) => post({ path: ['callback', 'demo'], fields: { email: 'alice@example.com', csrfToken }, headers: { cookie }, ip: from })
    for (let i = 0; i < DEMO_SIGN_IN_PER_IP.limit; i++) expect(statusOf(await demo(ip))).toBe('passed')
    expect(statusOf(await demo(ip))).toBe(429)
    expect(statusOf(await demo(uniqueIp()))).toBe('passed')
  })

  it('logs a hit as a security event, naming the address hashed, never in clear', async () => {
    const email = uniqueEmail()
    const token = await visitor()
    for (let i = 0; i < SIGN_IN_PER_EMAIL.limit; i++) await requestLink(email, uniqueIp(), token)
    const log = captureSecurityLog()
    try {
      await requestLink(email, '203.0.113.77', token)
      expect(log.events()).toEqual([expect.objectContaining({ event: 'rate_limit.hit', rule: 'sign-in-per-email', ip: '203.0.113.77', subject: expect.stringMatching(/^email-sha256:/) })])
      expect(log.lines.join('')).not.toContain(email)
      expect(log.lines.join('')).not.toContain(token.csrfToken)
    } finally {
      log.restore()
    }
  })
})

describe('before next-auth sees a POST', () => {
  it("refuses next-auth's client log endpoint", async () => {
    const refused = (await post({ path: ['_log'], fields: { message: 'forged\nlog line' } })) as Response
    expect(refused.status).toBe(404)
  })

  it('refuses the magic-link confirmation from another site, or without any proof of origin', async () => {
    const confirm = (headers: Record<string, string>) => post({ path: ['callback', 'email'], headers })
    expect(statusOf(await confirm({ origin: 'https://evil.example' }))).toBe(403)
    expect(statusOf(await confirm({ origin: 'null' }))).toBe(403)
    expect(statusOf(await confirm({ origin: '', 'sec-fetch-site': 'cross-site' }))).toBe(403)
    const bare = new Request(`${APP_URL}/api/auth/callback/email`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })
    expect(statusOf(await guardAuthPost(bare, ['callback', 'email'], { db, env: ENV, clientIp: uniqueIp() }))).toBe(403)
    expect(statusOf(await confirm({ origin: APP_URL }))).toBe('passed')
    const sameOrigin = new Request(`${APP_URL}/api/auth/callback/email`, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' }, body: '' })
    expect(statusOf(await guardAuthPost(sameOrigin, ['callback', 'email'], { db, env: ENV, clientIp: uniqueIp() }))).toBe('passed')
  })

  it('refuses a cross-site sign-in or sign-out POST (next-auth checks its CSRF token too)', async () => {
    expect(statusOf(await post({ path: ['signin', 'email'], headers: { origin: 'https://evil.example' } }))).toBe(403)
    expect(statusOf(await post({ path: ['signout'], headers: { 'sec-fetch-site': 'cross-site' } }))).toBe(403)
  })

  it('refuses a body over the cap while it streams, before counting or parsing it: 422 VALIDATION_FAILED', async () => {
    let pulled = 0
    const chunk = new Uint8Array(4096).fill(97)
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(chunk)
      },
    })
    const refused = (await post({ path: ['signin', 'email'], body: endless })) as Response
    expect(refused.status).toBe(422)
    expect(await refused.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('too large') } })
    // It stopped reading just past the cap (the stream's queue may have pulled a chunk or two ahead).
    expect(pulled * chunk.byteLength).toBeLessThan(SIGN_IN_MAX_BODY_BYTES + 4 * chunk.byteLength)

    const declared = (await post({ path: ['signin', 'email'], headers: { 'content-length': String(10 * 1024 * 1024) }, body: 'x' })) as Response
    expect(declared.status).toBe(422)
  })

  it('refuses JSON it cannot parse with 422 instead of letting next-auth fail with a 500', async () => {
    const refused = (await post({ path: ['signin', 'email'], headers: { 'content-type': 'application/json' }, body: '{"email":' })) as Response
    expect(refused.status).toBe(422)
    expect(await refused.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
  })
})
