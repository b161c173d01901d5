import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { CODE_STATUS } from '@/app/api/openapi'
import { contractView, errorBody } from '@/app/api/contracts/representations'
import { createApiScenario, snapshot, stateOf, type ApiClient } from './api-client'
import { hasControlCharacter, hostileRequests, oversizedBodies, ROUTES, type Hostile, type Ids, type WriteRoute } from './hostile-cases'

/**
 * Hostile input against every write route (and the GETs' params): generated bodies of any shape,
 * hostile cents, fields the rules own, broken JSON, wrong content types, foreign origins, bad ids
 * and idempotency keys, the other party calling a one-role route, and bodies of 2 MiB and 5 MiB.
 * Whatever arrives: never a 5xx, always the error body with a documented status, and a refused
 * request changes nothing. A request that happens to be valid may succeed; then its body must
 * have been valid by the route's schema, and the baseline is re-read.
 *
 * Every generated request is sent: no time budget cuts a run short, and each test checks that at
 * least the intended number went out.
 */

// Runs per route; 13 write routes + 2 GETs give a few thousand requests in total.
const RUNS = Number(process.env.HOSTILE_RUNS ?? 230)
const ALLOWED_STATUSES = new Set([200, 201, 401, 403, 404, 409, 422])

export function describeHostileInput(api: ApiClient) {
  const counts: Record<string, Record<string, number>> = {}

  /** Sends `hostile` to the route as the route's party (or the other one) and checks the answer; true when it was accepted. */
  async function sendAndCheck(s: Awaited<ReturnType<typeof createApiScenario>>, route: WriteRoute, ids: Ids, hostile: Hostile, baseline: { state: unknown }) {
    const pathIds = { ...ids, ...hostile.ids }
    const path = route.pattern.replace(/:(\w+)/g, (_m, name: keyof Ids) => encodeURIComponent(pathIds[name]!))
    const caller = hostile.as === 'other' ? s[route.as === 'client' ? 'expert' : 'client'] : s[route.as]
    const response = await api.call({ as: caller, method: route.method, path, rawBody: hostile.rawBody, headers: hostile.headers })
    const label = `${hostile.kind}: ${route.method} ${path.slice(0, 200)} ${JSON.stringify(hostile.headers).slice(0, 200)} ${String(hostile.rawBody).slice(0, 300)} → ${response.status} ${response.text.slice(0, 300)}`
    const tally = (counts[`${route.method} ${route.pattern}`] ??= {})
    tally[`${hostile.kind} ${response.status}`] = (tally[`${hostile.kind} ${response.status}`] ?? 0) + 1
    const users = [s.client.userId, s.expert.userId]
    if (api.kind === 'http' && hasControlCharacter(hostile.headers)) {
      // Not HTTP at all: Node's HTTP server answers a bare 400 before the app sees the request.
      expect([response.status, response.text], label).toEqual([400, ''])
      expect(await stateOf(s.id, users), label).toEqual(baseline.state)
      return false
    }
    expect(ALLOWED_STATUSES.has(response.status), label).toBe(true)
    if (response.status >= 400) {
      expect(errorBody.safeParse(response.body).success, label).toBe(true)
      expect(CODE_STATUS[response.body.error.code as keyof typeof CODE_STATUS], label).toBe(response.status)
      expect(response.body.error.message.length, label).toBeGreaterThan(0)
      if (hostile.expect) expect({ status: response.status, code: response.body.error.code }, label).toEqual(hostile.expect)
      expect(await stateOf(s.id, users), label).toEqual(baseline.state)
      return false
    }
    // Only a request that was valid by the route's own schema, from the route's party, may succeed.
    expect(hostile.expect, label).toBeUndefined()
    expect(route.schema.safeParse(JSON.parse(hostile.rawBody!.trim() === '' ? '{}' : hostile.rawBody!)).success, label).toBe(true)
    contractView.parse(response.body)
    return true
  }

  async function runHostile(route: WriteRoute) {
    const s = await createApiScenario(api)
    const ids: Ids = { id: s.id, ...(await route.prepare?.(s)) }
    const users = [s.client.userId, s.expert.userId]
    const valid = route.valid(s, ids)
    let baseline = await snapshot(api, s.id, s.client, users)
    let sent = 0
    const send = async (hostile: Hostile) => {
      sent += 1
      if (await sendAndCheck(s, route, ids, hostile, baseline)) baseline = await snapshot(api, s.id, s.client, users)
    }

    await fc.assert(fc.asyncProperty(hostileRequests(route, valid), send), { numRuns: RUNS })
    const oversized = oversizedBodies(valid)
    for (const hostile of oversized) await send(hostile)
    // A floor, not a report: a run that stopped early (a time limit, a filter that gave up) fails.
    expect(sent).toBeGreaterThanOrEqual(RUNS + oversized.length)
    // The contract reads byte for byte as after the last accepted request.
    expect(await snapshot(api, s.id, s.client, users)).toEqual(baseline)
  }

  describe(`hostile input never causes a 5xx or a change of state (${api.kind})`, () => {
    afterAll(() => {
      const total = Object.values(counts).reduce((sum, t) => sum + Object.values(t).reduce((a, b) => a + b, 0), 0)
      console.info(`[hostile-input ${api.kind}] ${total} requests`, JSON.stringify(counts, null, 1))
    })

    for (const route of ROUTES) {
      it(`${route.method} ${route.pattern}`, () => runHostile(route), 300_000)
    }

    for (const pattern of ['/api/contracts/:id', '/api/contracts/:id/activity', '/api/contracts/:id/export?format=csv']) {
      it(`GET ${pattern} with hostile ids and headers`, async () => {
        const s = await createApiScenario(api)
        const users = [s.client.userId, s.expert.userId]
        const baseline = await snapshot(api, s.id, s.client, users)
        const badId = fc.oneof(fc.string({ minLength: 1, maxLength: 1_000 }).filter((id) => id !== '.'), fc.constantFrom('..', '%', "' OR 1=1 --", ' '))
        const headers = fc.oneof(fc.constant({}), fc.constant({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }))
        let sent = 0
        await fc.assert(
          fc.asyncProperty(badId, headers, async (id, extra) => {
            sent += 1
            const response = await api.call({ as: s.client, method: 'GET', path: pattern.replace(':id', encodeURIComponent(id)), headers: extra })
            const label = `GET ${id.slice(0, 100)} → ${response.status} ${response.text.slice(0, 200)}`
            expect([404, 422], label).toContain(response.status)
            expect(errorBody.safeParse(response.body).success, label).toBe(true)
          }),
          { numRuns: Math.ceil(RUNS / 2) },
        )
        expect(sent).toBeGreaterThanOrEqual(Math.ceil(RUNS / 2))
        expect(await snapshot(api, s.id, s.client, users)).toEqual(baseline)
      }, 300_000)
    }
  })
}
