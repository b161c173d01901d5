import { inject } from 'vitest'
import { DEMO_ACCOUNTS, DEMO_OPERATOR, type DemoAccount } from '@/server/auth/demo-accounts'
import { getDb } from '@/server/db/client'
import type { ApiClient, Json, Party } from '../api-suites/api-client'
import { signInWithDemo } from '../setup/http-app'
import { rawHttp } from './raw-http'

/** The production build the http project's global setup started (tests/setup/http-server.ts). */
export const HTTP_BASE = new URL(inject('httpBaseUrl'))

/** Signs a seeded account in through the demo provider: a real next-auth session cookie. */
export async function signIn(email: DemoAccount): Promise<Party> {
  const cookie = await signInWithDemo(HTTP_BASE.origin, email)
  const user = await getDb().user.findUniqueOrThrow({ where: { email } })
  return { userId: user.id, email, name: user.name, cookie }
}

let signedIn: Promise<{ client: Party; expert: Party; outsider: Party }> | undefined

/**
 * The API over real HTTP: each call is one request on its own connection with the caller's
 * session cookie, as a same-origin browser sends it (Origin is the app's own) unless the call's
 * headers say otherwise.
 */
export const httpApi: ApiClient = {
  kind: 'http',
  async call(call) {
    const text = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body))
    const headers: Record<string, string> = { origin: HTTP_BASE.origin }
    if (text !== undefined) headers['content-type'] = 'application/json'
    if (call.as?.token) headers.authorization = `Bearer ${call.as.token}`
    else if (call.as?.cookie) headers.cookie = call.as.cookie
    for (const [name, value] of Object.entries(call.headers ?? {})) headers[name.toLowerCase()] = value
    const body = call.method === 'GET' ? undefined : text
    let response = await rawHttp(HTTP_BASE, { method: call.method, path: call.path, headers, body })
    // Follow a same-site permanent or temporary redirect with the same method and body, as fetch
    // and browsers do: Next.js answers a path that normalises to a trailing slash ("/api/x/..")
    // with a 308 to the canonical path, and the answer that counts is the one found there.
    for (let hops = 0; (response.status === 307 || response.status === 308) && hops < 5; hops++) {
      const location = new URL(response.headers.get('location') ?? '', HTTP_BASE)
      if (location.origin !== HTTP_BASE.origin) break
      response = await rawHttp(HTTP_BASE, { method: call.method, path: `${location.pathname}${location.search}`, headers, body })
    }
    return { status: response.status, body: parseJson(response.text), text: response.text, headers: response.headers }
  },
  parties() {
    // Alice and Bob contract with each other; Carol is on none of their contracts.
    const [alice, bob, carol] = DEMO_ACCOUNTS
    signedIn ??= Promise.all([signIn(alice), signIn(bob), signIn(carol)]).then(([client, expert, outsider]) => ({ client, expert, outsider }))
    return signedIn
  },
  async operators() {
    const [one, two] = await Promise.all([signIn(DEMO_OPERATOR), signIn(DEMO_OPERATOR)])
    return [one, two]
  },
}

/** The body as JSON; null for an empty body or one that is not JSON (the tests then fail on its shape, with the text). */
function parseJson(text: string): Json {
  if (text === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
