import type { ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrate } from '@/server/db/migrate'
import { createPrismaClient } from '@/server/db/client'
import { createEmptyDatabase, type TestDatabase } from '../setup/databases'
import { decodeQuotedPrintable, startSmtpSink } from '../setup/smtp-sink'
import { bodyOf, cookieOf, freePort, Jar, securityEvents, spawnLauncher, startupOutput, stopProcess, waitForOk, withoutDemoFlags } from '../setup/http-app'
import { findEmails } from '../setup/emails'

// `npm run build && npm start` as a real deployment runs it, black-box: the real launcher with a
// DATABASE_URL (a fresh database on the test server), a real secret, an https APP_URL (TLS ends at
// a proxy in front; the test talks plain http to the port), real SMTP, and no demo flag. It must
// show no mailbox, no demo sign-in, a nonce-based CSP, Secure cookies, and every limit in place.

const APP_URL = 'https://tranche.test'
const SECRET = randomBytes(32).toString('base64url')
let database: TestDatabase
let sink: Awaited<ReturnType<typeof startSmtpSink>>
let launcher: ChildProcess
let base: string
const output = { text: '' }
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  database = await createEmptyDatabase(inject('serverUrl'))
  await migrate({ connectionString: database.url, migrationsDir: 'prisma/migrations' })
  sink = await startSmtpSink()
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  env = withoutDemoFlags({
    PORT: String(port), DATABASE_URL: database.url, NEXTAUTH_SECRET: SECRET, APP_URL, NEXTAUTH_URL: APP_URL, SMTP_URL: sink.url,
    NODE_ENV: 'production', WRITE_RATE_LIMIT_PER_MINUTE: '20', INVITE_RATE_LIMIT_PER_HOUR: '2', DB_SLOW_QUERY_MS: '100000',
  })
  launcher = spawnLauncher('start', env)
  launcher.stdout?.on('data', (chunk: Buffer) => (output.text += chunk.toString()))
  launcher.stderr?.on('data', (chunk: Buffer) => (output.text += chunk.toString()))
  await waitForOk(`${base}/api/health`)
}, 180_000)

afterAll(async () => {
  if (launcher) await stopProcess(launcher)
  await sink?.close()
  await database?.drop()
})

/** A visitor with a cookie jar, sending what a same-origin browser sends. */
function visitor() {
  const jar = new Jar()
  const send = async (path: string, init: RequestInit & { form?: Record<string, string>; json?: unknown } = {}) => {
    const { form, json, ...rest } = init
    const headers = new Headers(rest.headers)
    headers.set('cookie', jar.header())
    if (rest.method && rest.method !== 'GET' && !headers.has('origin')) headers.set('origin', APP_URL)
    if (form) headers.set('content-type', 'application/x-www-form-urlencoded')
    if (json !== undefined) headers.set('content-type', 'application/json')
    const body = form ? new URLSearchParams(form) : json !== undefined ? JSON.stringify(json) : rest.body
    const response = await fetch(`${base}${path}`, { ...rest, headers, body, redirect: 'manual' })
    jar.store(response)
    return response
  }
  const csrf = async () => ((await (await send('/api/auth/csrf')).json()) as { csrfToken: string }).csrfToken
  return { jar, send, csrf }
}

/** Requests a magic link and reads it out of the email the SMTP server received. */
async function requestLink(user: ReturnType<typeof visitor>, email: string) {
  const response = await user.send('/api/auth/signin/email', { method: 'POST', form: { email, csrfToken: await user.csrf(), callbackUrl: `${APP_URL}/contracts`, json: 'true' } })
  expect(response.status).toBe(200)
  await expect.poll(() => sink.received.some((m) => m.to.includes(email)), { timeout: 20_000 }).toBe(true)
  const raw = decodeQuotedPrintable(sink.received.findLast((m) => m.to.includes(email))!.raw)
  return new URL(raw.match(/https:\/\/tranche\.test\/signin\/confirm\?[^\s"<>]+/)![0].replaceAll('&amp;', '&'))
}

describe('npm start with DATABASE_URL and no demo flags', () => {
  it('starts without the demo banner, demo sign-in off, Secure cookies', () => {
    const startup = startupOutput(output.text)
    expect(startup).toContain('demo sign-in: off')
    expect(startup).toContain('cookies: Secure (https)')
    expect(startup).not.toContain('WARNING')
  })

  it('serves no dev mailbox and no demo provider', async () => {
    expect((await fetch(`${base}/dev/mailbox`)).status).toBe(404)
    expect((await fetch(`${base}/dev/mailbox/${randomUUID()}`)).status).toBe(404)
    expect(Object.keys(await (await fetch(`${base}/api/auth/providers`)).json())).toEqual(['email'])
    const user = visitor()
    await user.send('/api/auth/callback/demo', { method: 'POST', form: { email: 'alice@example.com', csrfToken: await user.csrf() } })
    expect(user.jar.has('__Host-next-auth.session-token')).toBe(false)
  })

  it('answers pages with a nonce-based CSP that every script carries, and HSTS', async () => {
    const response = await fetch(`${base}/signin`)
    const policy = response.headers.get('content-security-policy') ?? ''
    const nonce = /script-src 'self' 'nonce-([^']+)' 'strict-dynamic'/.exec(policy)?.[1]
    expect(nonce).toBeDefined()
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/)
    const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`)
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    const again = (await fetch(`${base}/signin`)).headers.get('content-security-policy')
    expect(again).not.toContain(nonce)
  })

  it('signs in by magic link with Secure, HttpOnly cookies; the confirmation checks Origin; the stored link is removed once sent', async () => {
    const user = visitor()
    await user.csrf()
    expect(cookieOf(user.jar.raw('__Host-next-auth.csrf-token'))).toMatchObject({ Secure: true, HttpOnly: true, Path: '/' })
    const email = `prod-${randomUUID()}@test.tranche`
    const link = await requestLink(user, email)
    const db = createPrismaClient(database.url, { poolSize: 1, statementTimeoutMs: 5_000, slowQueryMs: 100_000 })
    await expect.poll(async () => (await findEmails(db, { to: email }))[0]?.redactedAt ?? null, { timeout: 10_000 }).not.toBeNull()
    const [row] = await findEmails(db, { to: email })
    if (!row) throw new Error('no sign-in email')
    await db.$disconnect()
    expect(`${row.text}${row.html}`).not.toContain(link.searchParams.get('token')!)

    const confirm = `/api/auth/callback/email?${link.searchParams}`
    expect((await user.send(confirm, { method: 'POST', headers: { origin: 'https://evil.example' } })).status).toBe(403)
    const signedIn = await user.send(confirm, { method: 'POST' })
    expect(signedIn.status).toBe(302)
    expect(cookieOf(user.jar.raw('__Host-next-auth.session-token'))).toMatchObject({ Secure: true, HttpOnly: true, SameSite: 'lax', Path: '/' })
    expect(user.jar.raw('__Host-next-auth.session-token')).not.toMatch(/Domain=/i)
    await expect(bodyOf(await user.send('/api/contracts'))).resolves.toEqual({ contracts: [], nextCursor: null })

    // Sign out revokes the session on the server: a copy of the cookie is refused afterwards.
    const copy = user.jar.header()
    await user.send('/api/auth/signout', { method: 'POST', form: { csrfToken: await user.csrf() } })
    expect((await fetch(`${base}/api/contracts`, { headers: { cookie: copy } })).status).toBe(401)
  })

  it("refuses next-auth's client log endpoint and bodies over the caps", async () => {
    expect((await fetch(`${base}/api/auth/_log`, { method: 'POST', headers: { origin: APP_URL, 'content-type': 'application/x-www-form-urlencoded' }, body: 'level=error&code=x' })).status).toBe(404)
    const big = await fetch(`${base}/api/auth/signin/email`, { method: 'POST', headers: { origin: APP_URL, 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${'a'.repeat(20_000)}` })
    expect(big.status).toBe(422)
    expect((await big.json()).error.code).toBe('VALIDATION_FAILED')
  })

  it('limits writes per user, and contracts with strangers harder, with 429 and Retry-After', async () => {
    const user = visitor()
    const link = await requestLink(user, `writer-${randomUUID()}@test.tranche`)
    await user.send(`/api/auth/callback/email?${link.searchParams}`, { method: 'POST' })
    const create = (expertEmail: string) => user.send('/api/contracts', { method: 'POST', json: { title: 'Limits', expertEmail, milestones: [] } })
    expect((await create('stranger-1@test.tranche')).status).toBe(201)
    expect((await create('stranger-2@test.tranche')).status).toBe(201)
    const third = await create('stranger-3@test.tranche')
    expect(third.status).toBe(429)
    expect((await third.json()).error.code).toBe('RATE_LIMITED')
    // A counterpart already worked with is no stranger.
    expect((await create('stranger-1@test.tranche')).status).toBe(201)

    const statuses: number[] = []
    for (let i = 0; i < 25 && !statuses.includes(429); i++) statuses.push((await create('stranger-1@test.tranche')).status)
    expect(statuses).toContain(429)
    const refused = await create('stranger-1@test.tranche')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  // Uses up this address's sign-in budget: the tests above sign in first.
  it('does not let X-Forwarded-For pick the address the sign-in limit counts (TRUSTED_PROXY_HOPS=0)', async () => {
    const user = visitor()
    const csrfToken = await user.csrf()
    const statuses: number[] = []
    for (let i = 0; i < 21 && !statuses.includes(429); i++) {
      const response = await user.send('/api/auth/signin/email', { method: 'POST', headers: { 'x-forwarded-for': `203.0.113.${i}` }, form: { email: `spray-${i}-${randomUUID()}@test.tranche`, csrfToken, json: 'true' } })
      statuses.push(response.status)
    }
    expect(statuses).toContain(429)
    expect(securityEvents(output.text)).toContainEqual(expect.objectContaining({ event: 'rate_limit.hit', rule: 'sign-in-per-ip', ip: '127.0.0.1' }))
  })

  it('writes security events as JSON lines without secrets, tokens, cookies or links', () => {
    const events = securityEvents(output.text)
    for (const event of ['auth.sign_in', 'auth.sign_out', 'auth.session_refused', 'authz.refused', 'rate_limit.hit']) {
      expect(events.map((e) => e.event), event).toContain(event)
    }
    const lines = output.text.split('\n').filter((line) => line.includes('"category":"security"'))
    for (const line of lines) expect(line).not.toMatch(/signin\/confirm|token=|session-token|csrf|@test\.tranche/)
    expect(output.text).not.toContain(SECRET)
  })
})

describe('npm start refuses an unsafe production configuration before serving', () => {
  it.each([
    ['no NEXTAUTH_SECRET', { NEXTAUTH_SECRET: '' }, 'NEXTAUTH_SECRET: is required'],
    ['a short NEXTAUTH_SECRET', { NEXTAUTH_SECRET: 'too-short' }, 'NEXTAUTH_SECRET: must be at least 32 characters'],
    ['an http APP_URL', { APP_URL: 'http://tranche.test', NEXTAUTH_URL: 'http://tranche.test' }, 'APP_URL: must be an https:// URL'],
  ])('%s: exits non-zero naming it', async (_name, overrides, message) => {
    const child = spawnLauncher('start', { ...env, ...overrides, PORT: String(await freePort()) })
    let text = ''
    child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    expect(text).toContain(message)
    expect(text).not.toContain('Ready in')
  })
})
