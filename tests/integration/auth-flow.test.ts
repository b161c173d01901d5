/**
 * The sign-in flows end to end through next-auth's own request handler (the function its Next.js
 * route handler wraps), on the test database: magic link from request to session, token reuse and
 * expiry, demo sign-in, and "sign out everywhere". No HTTP server: the API issue's HTTP tests cover
 * the route handler (rate limit included) over the wire. The magic link is read out of the email as
 * an in-process SMTP server receives it from the outbox worker.
 */
import { randomUUID } from 'node:crypto'
import type { NextAuthOptions } from 'next-auth'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createAuthOptions, MAGIC_LINK_MAX_AGE_SECONDS } from '@/server/auth/options'
import { signOutEverywhere } from '@/server/auth/session'
import { captureSecurityLog } from '@/server/security-log'
import { createSmtpTransport } from '@/server/mail/transport'
import { deliverDueEmails } from '@/server/mail/worker'
import { createTestDb } from '../setup/db'
import { createBrowser as createBrowserOn } from '../setup/next-auth-browser'
import { decodeQuotedPrintable, startSmtpSink } from '../setup/smtp-sink'

const APP_URL = 'http://localhost:3000'
const FLOW_ENV = { NEXTAUTH_SECRET: 'flow-secret-flow-secret-flow-secret-0123', APP_URL, NODE_ENV: 'test', ALLOW_INSECURE_HTTP: false } as const
const db = createTestDb()
const createBrowser = (options: NextAuthOptions) => createBrowserOn(options, APP_URL)
const uniqueEmail = () => `flow-${randomUUID()}@test.tranche`
const previousNextAuthUrl = process.env.NEXTAUTH_URL

let sink: Awaited<ReturnType<typeof startSmtpSink>>

beforeAll(async () => {
  process.env.NEXTAUTH_URL = APP_URL
  sink = await startSmtpSink()
})
afterAll(async () => {
  process.env.NEXTAUTH_URL = previousNextAuthUrl
  await sink.close()
  await db.$disconnect()
})
afterEach(() => {
  vi.useRealTimers()
})

/** Requests a magic link, has the outbox worker send it over SMTP, and reads the link out of the received email. */
async function requestMagicLink(options: NextAuthOptions, email: string, callbackUrl = '/contracts/abc') {
  const browser = createBrowser(options)
  const response = await browser.send('/api/auth/signin/email', { csrfToken: await browser.csrfToken(), email, callbackUrl, json: 'true' })
  expect(response.redirect).toContain('/api/auth/verify-request')
  const address = email.trim().toLowerCase()
  await deliverDueEmails({ db, transport: createSmtpTransport(sink.url), from: 'Tranche <no-reply@test.tranche>', recipients: [address] })
  const message = sink.received.findLast((m) => m.to.includes(address))
  expect(message, `no email reached ${address} over SMTP`).toBeDefined()
  const link = new URL(decodeQuotedPrintable(message!.raw).match(/https?:\/\/[^\s"<>]+\/signin\/confirm\?[^\s"<>]+/)![0].replaceAll('&amp;', '&'))
  return { browser, link }
}

/** What the confirmation page's button does: POST to next-auth's email callback with the link's query. */
function pressSignIn(browser: ReturnType<typeof createBrowser>, link: URL) {
  return browser.send(`/api/auth/callback/email?${link.searchParams}`, {})
}

/** The same user signed in on two browsers, each with its own magic link. */
async function signInOnTwoDevices(options: NextAuthOptions, email: string) {
  const devices = []
  for (let i = 0; i < 2; i++) {
    const device = await requestMagicLink(options, email)
    await pressSignIn(device.browser, device.link)
    await db.job.deleteMany({ where: { kind: 'EMAIL', payload: { path: ['to'], equals: email } } })
    devices.push(device)
  }
  return devices as [(typeof devices)[number], (typeof devices)[number]]
}

describe('magic link', () => {
  const options = createAuthOptions({ db, env: { ...FLOW_ENV, DEMO_MODE: false } })

  it('signs a new user in from the confirmation page and returns to the page the link was for', async () => {
    const email = uniqueEmail()
    const { browser, link } = await requestMagicLink(options, email.toUpperCase())
    expect(link.pathname).toBe('/signin/confirm')

    const stored = await db.verificationToken.findMany({ where: { identifier: email } })
    expect(stored).toHaveLength(1)
    expect(stored[0]!.token).not.toBe(link.searchParams.get('token'))
    expect(stored[0]!.expires.getTime() - Date.now()).toBeLessThanOrEqual(MAGIC_LINK_MAX_AGE_SECONDS * 1000)
    expect(await db.user.count({ where: { email } })).toBe(0)

    const response = await pressSignIn(browser, link)
    expect(response.redirect).toBe(`${APP_URL}/contracts/abc`)
    const sessionCookie = response.cookies?.find((c) => c.name === 'next-auth.session-token')
    expect(sessionCookie?.options).toMatchObject({ httpOnly: true, sameSite: 'lax' })

    const user = await db.user.findUniqueOrThrow({ where: { email } })
    expect(user.emailVerified).not.toBeNull()
    expect((await browser.session()).user).toEqual({ id: user.id, email, name: null })
  })

  it('a link works once', async () => {
    const { browser, link } = await requestMagicLink(options, uniqueEmail())
    expect((await pressSignIn(browser, link)).redirect).toBe(`${APP_URL}/contracts/abc`)
    const other = createBrowser(options)
    expect((await pressSignIn(other, link)).redirect).toContain('error=Verification')
    expect(other.jar.has('next-auth.session-token')).toBe(false)
  })

  it('a link is refused after 10 minutes', async () => {
    const { browser, link } = await requestMagicLink(options, uniqueEmail())
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + MAGIC_LINK_MAX_AGE_SECONDS * 1000 + 1000 })
    expect((await pressSignIn(browser, link)).redirect).toContain('error=Verification')
    expect(browser.jar.has('next-auth.session-token')).toBe(false)
  })

  it('a callback URL on another site is replaced by the contracts page', async () => {
    const { browser, link } = await requestMagicLink(options, uniqueEmail(), 'https://evil.example/')
    expect(link.searchParams.get('callbackUrl')).toBe(`${APP_URL}/contracts`)
    expect((await pressSignIn(browser, link)).redirect).toBe(`${APP_URL}/contracts`)
  })

  it('sign out everywhere ends every session and clears the cookie on its next read', async () => {
    const email = uniqueEmail()
    const [first, second] = await signInOnTwoDevices(options, email)
    const { user } = await first.browser.session()
    expect((await second.browser.session()).user?.id).toBe(user!.id)

    await signOutEverywhere(user!.id, db)
    for (const browser of [first.browser, second.browser]) {
      expect(await browser.session()).toEqual({})
      expect(browser.jar.has('next-auth.session-token')).toBe(false)
    }
  })
})

describe('sign-out', () => {
  const options = createAuthOptions({ db, env: { ...FLOW_ENV, DEMO_MODE: false } })

  it('revokes the session on the server: a copy of the cookie taken before signing out is refused after it', async () => {
    const { browser, link } = await requestMagicLink(options, uniqueEmail())
    await pressSignIn(browser, link)
    const stolen = browser.jar.get('next-auth.session-token')
    expect(stolen).toBeDefined()

    await browser.send('/api/auth/signout', { csrfToken: await browser.csrfToken() })
    expect(browser.jar.has('next-auth.session-token')).toBe(false)

    const replay = createBrowser(options)
    replay.jar.set('next-auth.session-token', stolen!)
    expect(await replay.session()).toEqual({})
  })

  it('writes sign-in, sign-out and sign-out-everywhere as security log lines without the link, token or cookie', async () => {
    const log = captureSecurityLog()
    try {
      const { browser, link } = await requestMagicLink(options, uniqueEmail())
      await pressSignIn(browser, link)
      const cookie = browser.jar.get('next-auth.session-token')!
      const { user } = await browser.session()
      await browser.send('/api/auth/signout', { csrfToken: await browser.csrfToken() })
      await signOutEverywhere(user!.id, db)
      const copy = createBrowser(options)
      copy.jar.set('next-auth.session-token', cookie)
      await copy.session()
      await pressSignIn(createBrowser(options), link)

      const events = log.events()
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ category: 'security', level: 'info', event: 'auth.sign_in', userId: user!.id, provider: 'email' }),
          expect.objectContaining({ event: 'auth.sign_out', userId: user!.id }),
          expect.objectContaining({ event: 'auth.sign_out_everywhere', userId: user!.id }),
          expect.objectContaining({ level: 'warn', event: 'auth.session_refused', userId: user!.id, reason: 'REVOKED' }),
          expect.objectContaining({ event: 'auth.sign_in_refused', provider: 'email', reason: 'LINK_INVALID_OR_EXPIRED' }),
        ]),
      )
      const text = log.lines.join('')
      expect(log.lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true)
      for (const secret of [link.searchParams.get('token')!, cookie, link.toString(), FLOW_ENV.NEXTAUTH_SECRET]) expect(text).not.toContain(secret)
    } finally {
      log.restore()
    }
  })

  it('leaves the other sessions of the same user alone', async () => {
    const email = uniqueEmail()
    const [first, second] = await signInOnTwoDevices(options, email)

    await first.browser.send('/api/auth/signout', { csrfToken: await first.browser.csrfToken() })
    expect((await second.browser.session()).user?.email).toBe(email)
  })
})

describe('demo sign-in', () => {
  const env = { ...FLOW_ENV, DEMO_MODE: true }

  it('csrf, then POST /api/auth/callback/demo with csrfToken and email, signs a demo account in', async () => {
    const demo = await db.user.create({ data: { email: uniqueEmail(), name: 'Demo' } })
    const browser = createBrowser(createAuthOptions({ db, env, demoAccounts: [demo.email] }))
    const response = await browser.send('/api/auth/callback/demo', { csrfToken: await browser.csrfToken(), email: demo.email })
    // No callbackUrl: next-auth's default, the site root.
    expect(response.redirect).toBe(`${APP_URL}/`)
    expect((await browser.session()).user).toEqual({ id: demo.id, email: demo.email, name: 'Demo' })
  })

  it('refuses an address that is not a demo account, and a request without the csrf token', async () => {
    const outsider = await db.user.create({ data: { email: uniqueEmail() } })
    const browser = createBrowser(createAuthOptions({ db, env, demoAccounts: [uniqueEmail()] }))
    const refused = await browser.send('/api/auth/callback/demo', { csrfToken: await browser.csrfToken(), email: outsider.email })
    expect(refused.status).toBe(401)
    expect(refused.redirect).toContain('error=CredentialsSignin')
    expect(browser.jar.has('next-auth.session-token')).toBe(false)

    const noCsrf = createBrowser(createAuthOptions({ db, env, demoAccounts: [outsider.email] }))
    expect((await noCsrf.send('/api/auth/callback/demo', { email: outsider.email })).redirect).toContain('csrf=true')
    expect(noCsrf.jar.has('next-auth.session-token')).toBe(false)
  })

  it('does not exist when DEMO_MODE is off', async () => {
    const demo = await db.user.create({ data: { email: uniqueEmail() } })
    const browser = createBrowser(createAuthOptions({ db, env: { ...env, DEMO_MODE: false }, demoAccounts: [demo.email] }))
    await browser.send('/api/auth/callback/demo', { csrfToken: await browser.csrfToken(), email: demo.email })
    expect(browser.jar.has('next-auth.session-token')).toBe(false)
    expect(await browser.session()).toEqual({})
  })
})
