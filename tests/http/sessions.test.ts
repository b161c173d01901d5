import { describe, expect, it } from 'vitest'
import { contractView } from '@/app/api/contracts/representations'
import { createApiScenario, expectOk, milestone, stateOf, type Party, type Scenario } from '../api-suites/api-client'
import { pathOf, ROUTES } from '../api-suites/authorization'
import { withToken } from '../api-suites/tokens'
import { HTTP_BASE, httpApi, signIn } from './http-client'

/**
 * Sessions over real HTTP: no cookie, a forged cookie and a cookie revoked by "sign out
 * everywhere" are all anonymous on every API route (401, nothing changes) and on the pages, at once
 * on this one instance; an unknown API path answers the API's error body.
 */

/** A contract with its first milestone funded and an expert's request pending: real ids for every route. */
async function busyContract(): Promise<Scenario & { mid: string; rid: string }> {
  const s = await createApiScenario(httpApi, [milestone('A'), milestone('B')])
  const view = contractView.parse((await s.api(s.client, 'GET')).body)
  const mid = view.milestones[0]!.id
  await expectOk(s.api(s.client, 'POST', `/milestones/${mid}/fund`))
  const upcoming = view.milestones.slice(1).map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents }))
  const funded = contractView.parse((await s.api(s.client, 'GET')).body)
  const proposed = await expectOk(s.api(s.expert, 'POST', '/change-requests', { baseVersion: funded.planVersion, message: 'More', milestones: [...upcoming, milestone('C')] }))
  return { ...s, mid, rid: proposed.changeRequest.id }
}

/** Every route of the authorization matrix, called as `as` with a body its right role could send: 401 each time, nothing changed. */
async function expectAnonymousEverywhere(s: Awaited<ReturnType<typeof busyContract>>, as: Party | null) {
  const users = [s.client.userId, s.expert.userId]
  const before = await stateOf(s.id, users)
  for (const route of ROUTES) {
    const path = pathOf(route.pattern, { id: s.id, mid: s.mid, rid: s.rid })
    const response = await httpApi.call({ as, method: route.method, path, body: route.method === 'GET' ? undefined : (route.body ?? {}) })
    expect([response.status, response.body?.error?.code], `${route.method} ${path} → ${response.text.slice(0, 200)}`).toEqual([401, 'UNAUTHENTICATED'])
  }
  expect(await stateOf(s.id, users)).toEqual(before)
}

/** The contract's page with `as`'s cookie: 200, or 307 to sign-in for a session that ended. */
async function contractPage(id: string, as: Party): Promise<number> {
  const response = await fetch(new URL(`/contracts/${id}`, HTTP_BASE), { headers: { cookie: as.cookie! }, redirect: 'manual' })
  if (response.status === 307) expect(response.headers.get('location')).toMatch(/^\/signin\?/)
  return response.status
}

describe('sessions over HTTP', () => {
  it('no cookie at all: 401 on every route, nothing changes', async () => {
    await expectAnonymousEverywhere(await busyContract(), null)
  })

  it('a forged session cookie: 401 on every route, nothing changes', async () => {
    const s = await busyContract()
    const [name, value] = s.client.cookie!.split('=') as [string, string]
    const forged = `${value.slice(0, -8)}${value.slice(-8).split('').reverse().join('')}`
    expect(forged).not.toBe(value)
    await expectAnonymousEverywhere(s, { ...s.client, cookie: `${name}=${forged}` })
  })

  it('an unknown API path answers the 404 error body, not an HTML page', async () => {
    const { client } = await httpApi.parties()
    for (const [method, path] of [['GET', '/api'], ['GET', '/api/nothing-here'], ['POST', '/api/contracts/x/milestones/y'], ['PUT', '/api/contracts/../milestones']] as const) {
      const response = await httpApi.call({ as: client, method, path, body: method === 'GET' ? undefined : {} })
      expect([response.status, response.headers.get('content-type'), response.body?.error?.code], `${method} ${path} → ${response.text.slice(0, 200)}`).toEqual([404, 'application/json', 'NOT_FOUND'])
    }
  })

  it('an API token cannot sign out everywhere, with or without a cookie: 403 TOKEN_SCOPE, sessions and tokens untouched', async () => {
    const s = await busyContract()
    const withOnlyToken = await withToken(httpApi, s.client, 'write')
    for (const as of [withOnlyToken, { ...s.client, token: withOnlyToken.token }]) {
      const refused = await httpApi.call({ as, method: 'POST', path: '/api/auth/sign-out-everywhere', body: {} })
      expect([refused.status, refused.body?.error?.code]).toEqual([403, 'TOKEN_SCOPE'])
    }
    expect((await s.api(s.client, 'GET')).status).toBe(200)
    expect((await s.api(withOnlyToken, 'GET')).status).toBe(200)
  })

  // Last: it ends every session of the demo client, including the ones the tests above used.
  it('"sign out everywhere" ends every session of the user: each old cookie is 401 on every route, others are untouched', async () => {
    const s = await busyContract()
    const otherDevice = await signIn('alice@example.com')
    expect(otherDevice.userId).toBe(s.client.userId)
    // A page, signed in: the pages remember session checks too (they are bundled apart from the routes).
    expect(await contractPage(s.id, s.client)).toBe(200)
    const signedOut = await httpApi.call({ as: otherDevice, method: 'POST', path: '/api/auth/sign-out-everywhere', body: {} })
    expect([signedOut.status, signedOut.body]).toEqual([200, { signedOut: true, tokensRevoked: expect.any(Number) }])

    expect(await contractPage(s.id, s.client)).toBe(307)
    await expectAnonymousEverywhere(s, s.client)
    await expectAnonymousEverywhere(s, otherDevice)
    const again = await httpApi.call({ as: otherDevice, method: 'POST', path: '/api/auth/sign-out-everywhere', body: {} })
    expect([again.status, again.body?.error?.code]).toEqual([401, 'UNAUTHENTICATED'])
    // The expert's session is theirs, not the client's: still signed in.
    expect((await s.api(s.expert, 'GET')).status).toBe(200)
    // Signing in again works, with a new cookie.
    const fresh = await signIn('alice@example.com')
    expect((await s.api(fresh, 'GET')).status).toBe(200)
  })
})
