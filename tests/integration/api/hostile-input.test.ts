import fc from 'fast-check'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { z } from 'zod'
import { addDays, todayAoE } from '@/domain/dates'
import { CODE_STATUS } from '@/app/api/openapi'
import { contractView, errorBody } from '@/app/api/contracts/representations'
import * as schemas from '@/app/api/contracts/schemas'
import { callApi, createApiScenario, expectOk, milestone, snapshot, stateOf } from './harness'

vi.mock('@/server/auth/session', () => import('./session-mock'))

/**
 * Hostile input against every write route (and the GETs' params): generated bodies of any shape,
 * hostile cents, fields the rules own, broken JSON, wrong content types, foreign origins, bad ids
 * and idempotency keys. Whatever arrives: never a 5xx, always the error body with a documented
 * status, and a refused request changes nothing. A request that happens to be valid may succeed;
 * then its body must have been valid by the route's schema, and the baseline is re-read.
 */

// Runs per route; 13 write routes + 2 GETs give a few thousand requests in total.
const RUNS = Number(process.env.HOSTILE_RUNS ?? 230)
const ALLOWED_STATUSES = new Set([200, 201, 401, 403, 404, 409, 422])

type Ids = { id: string; mid?: string; rid?: string }
type Scenario = Awaited<ReturnType<typeof createApiScenario>>
type Hostile = { kind: string; rawBody?: string; headers: Record<string, string>; ids?: Partial<Ids>; expect?: { status: number; code?: string } }

type WriteRoute = {
  method: 'POST' | 'PUT'
  pattern: string
  as: 'client' | 'expert'
  schema: z.ZodType
  /** A body the schema accepts, for the header, content-type and param attacks. */
  valid: (s: Scenario, ids: Ids) => Record<string, unknown>
  prepare?: (s: Scenario) => Promise<Partial<Ids>>
}

const viewOf = async (s: Scenario) => contractView.parse((await s.api(s.client, 'GET')).body)
const fundFirst = async (s: Scenario) => {
  const mid = (await viewOf(s)).milestones[0]!.id
  await expectOk(s.api(s.client, 'POST', `/milestones/${mid}/fund`))
  return { mid }
}
const propose = async (s: Scenario) => {
  const view = await viewOf(s)
  const plan = view.milestones.map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents }))
  const proposed = await expectOk(s.api(s.expert, 'POST', '/change-requests', { baseVersion: view.planVersion, message: 'More', milestones: [...plan, milestone('Extra')] }))
  return { rid: proposed.changeRequest.id as string }
}
const proposeClose = async (s: Scenario) => {
  await fundFirst(s)
  await expectOk(s.api(s.client, 'POST', '/close', { refundCents: 100 }))
  return {}
}

const plan = [milestone('Design'), milestone('Build', 20_000)]
const ROUTES: WriteRoute[] = [
  { method: 'POST', pattern: '/api/contracts', as: 'client', schema: schemas.createContractBody, valid: (s) => ({ title: 'Hostile', expertEmail: s.expert.email, milestones: plan }) },
  { method: 'PUT', pattern: '/api/contracts/:id/milestones', as: 'client', schema: schemas.savePlanBody, valid: () => ({ baseVersion: 1, milestones: plan }) },
  { method: 'POST', pattern: '/api/contracts/:id/change-requests', as: 'expert', schema: schemas.proposeChangesBody, valid: () => ({ baseVersion: 1, milestones: plan, message: 'Hi' }) },
  { method: 'POST', pattern: '/api/contracts/:id/change-requests/:rid/accept', as: 'client', schema: schemas.acceptChangesBody, valid: () => ({ milestones: plan }), prepare: propose },
  { method: 'POST', pattern: '/api/contracts/:id/change-requests/:rid/decline', as: 'client', schema: schemas.declineChangesBody, valid: () => ({ reason: 'No' }), prepare: propose },
  { method: 'POST', pattern: '/api/contracts/:id/change-requests/:rid/withdraw', as: 'expert', schema: schemas.emptyBody, valid: () => ({}), prepare: propose },
  { method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/fund', as: 'client', schema: schemas.emptyBody, valid: () => ({}), prepare: async (s) => ({ mid: (await viewOf(s)).milestones[0]!.id }) },
  { method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/submit', as: 'expert', schema: schemas.emptyBody, valid: () => ({}), prepare: fundFirst },
  { method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/release', as: 'client', schema: schemas.releasePaymentBody, valid: () => ({ amountCents: 1_000 }), prepare: fundFirst },
  { method: 'POST', pattern: '/api/contracts/:id/close', as: 'client', schema: schemas.closeContractBody, valid: () => ({ refundCents: 100 }), prepare: fundFirst },
  { method: 'POST', pattern: '/api/contracts/:id/close/accept', as: 'expert', schema: schemas.emptyBody, valid: () => ({}), prepare: proposeClose },
  { method: 'POST', pattern: '/api/contracts/:id/close/decline', as: 'expert', schema: schemas.emptyBody, valid: () => ({}), prepare: proposeClose },
  {
    method: 'POST', pattern: '/api/contracts/:id/reviews', as: 'client', schema: schemas.leaveReviewBody, valid: () => ({ rating: 5, timelinessRating: 5 }),
    prepare: async (s) => {
      await expectOk(s.api(s.client, 'POST', '/close'))
      return {}
    },
  },
]

// ---------- generators ----------

const OWNED_FIELDS = ['state', 'fundedCents', 'releasedCents', 'role', 'clientId', 'expertId', 'status', 'planVersion', 'id', 'depositedCents', 'heldCents', 'position', 'overdue', '__proto__', 'constructor', 'prototype']
const hugeString = fc.integer({ min: 5_001, max: 200_000 }).map((n) => 'x'.repeat(n))
/** JSON text for a value meant as cents: negatives, fractions, NaN-ish, beyond 2^53, strings... */
const hostileCentsText = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '-0', '0', '0.5', '-1', '-500', '499', '499.999', '500.5', '1e21', '9007199254740992', '9007199254740993', '100000001', '"500"', 'null', 'true', '[]', '{}', '0x1F4', '[500]', '{"amount":500}'),
  fc.integer({ min: -1_000_000_000, max: -1 }).map(String),
  fc.double({ noInteger: true }).map((n) => (Number.isFinite(n) ? String(n) : 'NaN')),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }).map(String),
)
const hostileDateText = fc.constantFrom('"2020-01-01"', `"${addDays(todayAoE(new Date()), -1)}"`, '"2026-02-30"', '"2024-13-01"', '""', '"tomorrow"', '"0000-01-01"', '1735689600000', '"2030-01-01T00:00:00Z"', '["2030-01-01"]')
const anyJsonText = fc.anything().map((v) => JSON.stringify(v) ?? 'null')
// PostgreSQL refuses U+0000 in text and jsonb, so NUL in any string is worth a dedicated case.
// Text PostgreSQL cannot store: NUL, and lone UTF-16 surrogates (half an emoji).
const unstorableText = fc.constantFrom('"\\u0000"', '"a\\u0000b"', '"Design\\u0000"', '"\\ud800"', '"a\\udc00b"', '"Launch \\ud83d"')
const valueText = fc.oneof(hostileCentsText, anyJsonText, hugeString.map((s) => JSON.stringify(s)), hostileDateText, unstorableText)

/** `object` as JSON text with `key` set to the raw JSON text `value` (which may be invalid JSON on purpose). */
function withRawField(object: Record<string, unknown>, key: string, value: string): string {
  const rest = Object.entries(object).filter(([k]) => k !== key)
  return `{${[...rest.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`), `${JSON.stringify(key)}:${value}`].join(',')}}`
}

function hostileRequests(route: WriteRoute, valid: Record<string, unknown>): fc.Arbitrary<Hostile> {
  const validText = JSON.stringify(valid)
  const keys = Object.keys(valid)
  const hasPlan = 'milestones' in valid
  const paramNames = [...route.pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!) as (keyof Ids)[]
  const json = { 'content-type': 'application/json' }
  const arbs: fc.Arbitrary<Hostile>[] = [
    anyJsonText.map((rawBody) => ({ kind: 'anything', rawBody, headers: json })),
    fc.json().map((rawBody) => ({ kind: 'json', rawBody, headers: json })),
    fc.tuple(fc.constantFrom(...keys, ...OWNED_FIELDS), valueText).map(([key, value]) => ({ kind: 'field', rawBody: withRawField(valid, key, value), headers: json })),
    fc.tuple(fc.constantFrom(...OWNED_FIELDS), anyJsonText).map(([key, value]) => ({
      kind: 'owned-field',
      rawBody: withRawField(valid, key, value),
      headers: json,
      expect: { status: 422, code: 'VALIDATION_FAILED' },
    })),
    fc.oneof(
      fc.string().map((s) => `{${s}`),
      fc.nat({ max: Math.max(0, validText.length - 2) }).map((n) => validText.slice(0, n + 1)),
      fc.constantFrom('{', '[', '{"a":}', "{'a':1}", 'undefined', '{"amountCents": NaN}', '{"refundCents": Infinity}', '\u0000', '{"a":1}}', '/* */{}'),
    ).filter((text) => text.trim() !== '' && !isJson(text)).map((rawBody) => ({ kind: 'bad-json', rawBody, headers: json, expect: { status: 422, code: 'VALIDATION_FAILED' } })),
    fc.constantFrom('text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html', 'application/xml', 'application/jsonx', 'json').chain((type) =>
      fc.constantFrom(validText, 'amountCents=500&refundCents=0&state=RELEASED').map((rawBody) => ({
        kind: 'content-type', rawBody, headers: { 'content-type': type }, expect: { status: 422, code: 'VALIDATION_FAILED' },
      })),
    ),
    fc.oneof(
      fc.constantFrom('https://evil.example', 'null', 'http://localhost:3001', 'https://localhost:3000', 'http://localhost.evil.example:3000', 'http://evil.example').map((origin) => ({ origin })),
      fc.constantFrom('cross-site', 'same-site').map((site) => ({ 'sec-fetch-site': site })),
      fc.constantFrom('cross-site').map((site) => ({ 'sec-fetch-site': site, origin: 'http://localhost:3000' })),
    ).map((headers) => ({ kind: 'cross-site', rawBody: validText, headers: { ...json, ...headers }, expect: { status: 403, code: 'CROSS_SITE_REQUEST' } })),
    fc.oneof(
      fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 256, maxLength: 2_000 }),
      fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 20 }),
      fc.constantFrom(' ', '\t', 'a b', 'key\u007f'),
    ).map((key) => ({ kind: 'idempotency-key', rawBody: validText, headers: { ...json, 'idempotency-key': key }, expect: { status: 422, code: 'VALIDATION_FAILED' } })),
  ]
  if (hasPlan) {
    arbs.push(
      fc.tuple(fc.constantFrom('amountCents', 'dueDate', 'title', 'description', 'id', ...OWNED_FIELDS), valueText, fc.nat({ max: 3 })).map(([key, value, copies]) => {
        const entry = withRawField({ title: 'Hostile', amountCents: 1_000 }, key, value)
        const entries = Array.from({ length: copies + 1 }, () => entry).join(',')
        return { kind: 'plan-entry', rawBody: withRawField(valid, 'milestones', `[${entries}]`), headers: json }
      }),
      fc.integer({ min: 501, max: 2_000 }).map((n) => ({
        kind: 'plan-too-long', rawBody: JSON.stringify({ ...valid, milestones: Array.from({ length: n }, () => milestone('M')) }), headers: json, expect: { status: 422, code: 'VALIDATION_FAILED' },
      })),
    )
  }
  if (paramNames.length > 0) {
    const badId = fc.oneof(
      fc.string({ minLength: 1, maxLength: 100 }),
      fc.string({ minLength: 101, maxLength: 1_000 }),
      fc.constantFrom('..', '%', '\u0000', "' OR 1=1 --", '../../etc/passwd', '00000000-0000-0000-0000-000000000000', '{"$ne":null}', ' '),
    )
    arbs.push(
      fc.tuple(fc.constantFrom(...paramNames), badId).map(([name, value]) => ({ kind: 'params', rawBody: validText, headers: json, ids: { [name]: value } })),
    )
  }
  return fc.oneof(...arbs)
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

// ---------- the properties ----------

const counts: Record<string, Record<string, number>> = {}

async function runHostile(route: WriteRoute) {
  const s = await createApiScenario()
  const ids: Ids = { id: s.id, ...(await route.prepare?.(s)) }
  const users = [s.client.userId, s.expert.userId]
  const caller = s[route.as]
  const valid = route.valid(s, ids)
  let baseline = await snapshot(s.id, s.client, users)
  const tally: Record<string, number> = {}
  counts[`${route.method} ${route.pattern}`] = tally

  await fc.assert(
    fc.asyncProperty(hostileRequests(route, valid), async (hostile) => {
      const pathIds = { ...ids, ...hostile.ids }
      const path = route.pattern.replace(/:(\w+)/g, (_m, name: keyof Ids) => encodeURIComponent(pathIds[name]!))
      const response = await callApi({ as: caller, method: route.method, path, rawBody: hostile.rawBody, headers: hostile.headers })
      const label = `${hostile.kind}: ${route.method} ${path.slice(0, 200)} ${JSON.stringify(hostile.headers).slice(0, 200)} ${String(hostile.rawBody).slice(0, 300)} → ${response.status} ${response.text.slice(0, 300)}`
      tally[`${hostile.kind} ${response.status}`] = (tally[`${hostile.kind} ${response.status}`] ?? 0) + 1
      expect(ALLOWED_STATUSES.has(response.status), label).toBe(true)
      if (response.status >= 400) {
        const error = errorBody.safeParse(response.body)
        expect(error.success, label).toBe(true)
        expect(CODE_STATUS[response.body.error.code as keyof typeof CODE_STATUS], label).toBe(response.status)
        expect(response.body.error.message.length, label).toBeGreaterThan(0)
        if (hostile.expect) expect({ status: response.status, code: response.body.error.code }, label).toEqual(hostile.expect)
        expect(await stateOf(s.id, users), label).toEqual(baseline.state)
      } else {
        // Only a request that was valid by the route's own schema may succeed.
        expect(hostile.expect, label).toBeUndefined()
        expect(route.schema.safeParse(JSON.parse(hostile.rawBody!.trim() === '' ? '{}' : hostile.rawBody!)).success, label).toBe(true)
        contractView.parse(response.body)
        baseline = await snapshot(s.id, s.client, users)
      }
    }),
    { numRuns: RUNS, interruptAfterTimeLimit: 50_000 },
  )
  // The contract reads byte for byte as after the last accepted request.
  expect(await snapshot(s.id, s.client, users)).toEqual(baseline)
}

describe('hostile input never causes a 5xx or a change of state', () => {
  beforeAll(() => {
    // numRuns is per route; the totals are printed at the end.
    return () => {
      const total = Object.values(counts).reduce((sum, t) => sum + Object.values(t).reduce((a, b) => a + b, 0), 0)
      console.info(`[hostile-input] ${total} requests`, JSON.stringify(counts, null, 1))
    }
  })

  for (const route of ROUTES) {
    it(`${route.method} ${route.pattern}`, () => runHostile(route), 120_000)
  }

  for (const pattern of ['/api/contracts/:id', '/api/contracts/:id/activity', '/api/contracts/:id/export?format=csv']) {
    it(`GET ${pattern} with hostile ids and headers`, async () => {
      const s = await createApiScenario()
      const users = [s.client.userId, s.expert.userId]
      const baseline = await snapshot(s.id, s.client, users)
      const badId = fc.oneof(fc.string({ minLength: 1, maxLength: 1_000 }), fc.constantFrom('..', '%', "' OR 1=1 --", ' '))
      const headers = fc.oneof(fc.constant({}), fc.constant({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }))
      await fc.assert(
        fc.asyncProperty(badId, headers, async (id, extra) => {
          const response = await callApi({ as: s.client, method: 'GET', path: pattern.replace(':id', encodeURIComponent(id)), headers: extra })
          const label = `GET ${id.slice(0, 100)} → ${response.status} ${response.text.slice(0, 200)}`
          expect([404, 422], label).toContain(response.status)
          expect(errorBody.safeParse(response.body).success, label).toBe(true)
        }),
        { numRuns: Math.ceil(RUNS / 2) },
      )
      expect(await snapshot(s.id, s.client, users)).toEqual(baseline)
    }, 120_000)
  }
})
