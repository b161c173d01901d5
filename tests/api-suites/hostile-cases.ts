import fc from 'fast-check'
import type { z } from 'zod'
import { addDays, todayAoE } from '@/domain/dates'
import { contractView } from '@/app/api/contracts/representations'
import * as schemas from '@/app/api/contracts/schemas'
import { expectOk, milestone, type Scenario } from './api-client'

/**
 * The case tables of the hostile-input suite (hostile-input.ts): the write routes with a body
 * their schema accepts, and generators of hostile requests against each one.
 */

export type Ids = { id: string; mid?: string; rid?: string; did?: string }
export type Hostile = {
  kind: string
  rawBody?: string
  headers: Record<string, string>
  ids?: Partial<Ids>
  /** 'other': sent by the other party of the contract (a client-only route called by the expert, and vice versa). */
  as?: 'other'
  expect?: { status: number; code?: string }
}

export type WriteRoute = {
  method: 'POST' | 'PUT'
  pattern: string
  as: 'client' | 'expert'
  /** Only `as` may call it; the other party gets 403 FORBIDDEN_FOR_ROLE. */
  roleOnly: boolean
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
const submitFirst = async (s: Scenario) => {
  const { mid } = await fundFirst(s)
  await expectOk(s.api(s.expert, 'POST', `/milestones/${mid}/submit`, { message: 'Done' }))
  return { mid }
}
const propose = async (s: Scenario) => {
  const view = await viewOf(s)
  const plan = view.milestones.map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents }))
  const proposed = await expectOk(s.api(s.expert, 'POST', '/change-requests', { baseVersion: view.planVersion, message: 'More', milestones: [...plan, milestone('Extra')] }))
  return { rid: proposed.changeRequest.id as string }
}
/** R21: the expert disputes the funded first milestone; the client answers next. */
const openDispute = async (s: Scenario) => {
  await fundFirst(s)
  const opened = await expectOk(s.api(s.expert, 'POST', '/disputes', { statement: 'Delivered as agreed', releaseCents: 8_000 }))
  return { did: opened.dispute.id as string }
}
const proposeClose = async (s: Scenario) => {
  await fundFirst(s)
  await expectOk(s.api(s.client, 'POST', '/close', { refundCents: 100 }))
  return {}
}

const plan = [milestone('Design'), milestone('Build', 20_000)]
export const ROUTES: WriteRoute[] = [
  { method: 'POST', pattern: '/api/contracts', as: 'client', roleOnly: false, schema: schemas.createContractBody, valid: (s) => ({ title: 'Hostile', expertEmail: s.expert.email, milestones: plan }) },
  { method: 'PUT', pattern: '/api/contracts/:id/milestones', as: 'client', roleOnly: true, schema: schemas.savePlanBody, valid: () => ({ baseVersion: 1, milestones: plan }) },
  { method: 'POST', pattern: '/api/contracts/:id/change-requests', as: 'expert', roleOnly: true, schema: schemas.proposeChangesBody, valid: () => ({ baseVersion: 1, milestones: plan, message: 'Hi' }) },
  { method: 'POST', pattern: '/api/contracts/:id/change-requests/:rid/accept', as: 'client', roleOnly: true, schema: schemas.acceptChangesBody, valid: () => ({ milestones: plan }), prepare: propose },
  { method: 'POST', pattern: '/api/contracts/:id/change-requests/:rid/decline', as: 'client', roleOnly: true, schema: schemas.declineChangesBody, valid: () => ({ reason: 'No' }), prepare: propose },
  { method: 'POST', pattern: '/api/contracts/:id/change-requests/:rid/withdraw', as: 'expert', roleOnly: true, schema: schemas.emptyBody, valid: () => ({}), prepare: propose },
  { method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/fund', as: 'client', roleOnly: true, schema: schemas.emptyBody, valid: () => ({}), prepare: async (s) => ({ mid: (await viewOf(s)).milestones[0]!.id }) },
  { method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/submit', as: 'expert', roleOnly: true, schema: schemas.submitWorkBody, valid: () => ({ message: 'Done', links: ['https://example.com/work'] }), prepare: fundFirst },
  { method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/request-changes', as: 'client', roleOnly: true, schema: schemas.requestWorkChangesBody, valid: () => ({ message: 'Bigger logo' }), prepare: submitFirst },
  { method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/withdraw-submission', as: 'expert', roleOnly: true, schema: schemas.emptyBody, valid: () => ({}), prepare: submitFirst },
  { method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/extend-review', as: 'client', roleOnly: true, schema: schemas.extendReviewBody, valid: () => ({ days: 3, reason: 'Travelling' }), prepare: submitFirst },
  { method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/release', as: 'client', roleOnly: true, schema: schemas.releasePaymentBody, valid: () => ({ amountCents: 1_000 }), prepare: fundFirst },
  { method: 'POST', pattern: '/api/contracts/:id/close', as: 'client', roleOnly: false, schema: schemas.closeContractBody, valid: () => ({ refundCents: 100 }), prepare: fundFirst },
  { method: 'POST', pattern: '/api/contracts/:id/disputes', as: 'expert', roleOnly: false, schema: schemas.disputeOfferBody, valid: () => ({ statement: 'Not as agreed', releaseCents: 1_000 }), prepare: fundFirst },
  { method: 'POST', pattern: '/api/contracts/:id/disputes/:did/offers', as: 'client', roleOnly: false, schema: schemas.disputeOfferBody, valid: () => ({ statement: 'Half is missing', releaseCents: 3_000 }), prepare: openDispute },
  { method: 'POST', pattern: '/api/contracts/:id/close/accept', as: 'expert', roleOnly: true, schema: schemas.emptyBody, valid: () => ({}), prepare: proposeClose },
  { method: 'POST', pattern: '/api/contracts/:id/close/decline', as: 'expert', roleOnly: true, schema: schemas.emptyBody, valid: () => ({}), prepare: proposeClose },
  {
    method: 'POST', pattern: '/api/contracts/:id/reviews', as: 'client', roleOnly: false, schema: schemas.leaveReviewBody, valid: () => ({ rating: 5, timelinessRating: 5 }),
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

export function hostileRequests(route: WriteRoute, valid: Record<string, unknown>): fc.Arbitrary<Hostile> {
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
  if (route.roleOnly) {
    // The other party, with a body the schema accepts (and maybe a key): the role decides, 403.
    arbs.push(
      fc.option(fc.uuid(), { nil: undefined }).map((key) => ({
        kind: 'wrong-role',
        rawBody: validText,
        headers: key === undefined ? json : { ...json, 'idempotency-key': key },
        as: 'other' as const,
        expect: { status: 403, code: 'FORBIDDEN_FOR_ROLE' },
      })),
    )
  }
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
      // Not '.': every URL parser removes that segment, so it names another route, never an id.
      fc.string({ minLength: 1, maxLength: 100 }).filter((id) => id !== '.'),
      fc.string({ minLength: 101, maxLength: 1_000 }),
      fc.constantFrom('..', '%', '\u0000', "' OR 1=1 --", '../../etc/passwd', '00000000-0000-0000-0000-000000000000', '{"$ne":null}', ' '),
    )
    arbs.push(
      fc.tuple(fc.constantFrom(...paramNames), badId).map(([name, value]) => ({ kind: 'params', rawBody: validText, headers: json, ids: { [name]: value } })),
    )
  }
  return fc.oneof(...arbs)
}

/**
 * Whether a header value holds a control character (other than tab). Such a request is not
 * HTTP (RFC 9110 §5.5): an HTTP server refuses it before the app runs; in-process the app sees it.
 */
export const hasControlCharacter = (headers: Record<string, string>) => Object.values(headers).some((value) => /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value))

/** Bodies over any sane size, each must be refused whole: 2 MiB of JSON, and more than the 4 MiB the API reads. */
export function oversizedBodies(valid: Record<string, unknown>): Hostile[] {
  const json = { 'content-type': 'application/json' }
  return [2 * 1024 * 1024, 5 * 1024 * 1024].map((bytes) => ({
    kind: 'oversized',
    rawBody: JSON.stringify({ ...valid, padding: 'x'.repeat(bytes) }),
    headers: json,
    expect: { status: 422, code: 'VALIDATION_FAILED' },
  }))
}

export function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

