import { afterAll, expect } from 'vitest'
import { buildOpenApiDocument } from '@/app/api/openapi'
import { getDb } from '@/server/db/client'
import type { Actor } from '@/server/auth/session'
import * as activity from '@/app/api/contracts/[id]/activity/route'
import * as acceptChanges from '@/app/api/contracts/[id]/change-requests/[rid]/accept/route'
import * as declineChanges from '@/app/api/contracts/[id]/change-requests/[rid]/decline/route'
import * as withdrawChanges from '@/app/api/contracts/[id]/change-requests/[rid]/withdraw/route'
import * as changeRequests from '@/app/api/contracts/[id]/change-requests/route'
import * as acceptClose from '@/app/api/contracts/[id]/close/accept/route'
import * as declineClose from '@/app/api/contracts/[id]/close/decline/route'
import * as close from '@/app/api/contracts/[id]/close/route'
import * as fund from '@/app/api/contracts/[id]/milestones/[mid]/fund/route'
import * as release from '@/app/api/contracts/[id]/milestones/[mid]/release/route'
import * as submit from '@/app/api/contracts/[id]/milestones/[mid]/submit/route'
import * as milestones from '@/app/api/contracts/[id]/milestones/route'
import * as reviews from '@/app/api/contracts/[id]/reviews/route'
import * as contract from '@/app/api/contracts/[id]/route'
import * as exportRecord from '@/app/api/contracts/[id]/export/route'
import * as contracts from '@/app/api/contracts/route'
import * as openapi from '@/app/api/openapi.json/route'
import { createUser } from '../../factories'
import { createOpenApiContract } from './openapi-contract'
import { signInAs } from './session-mock'

/**
 * Calls the real route handlers in-process, as Next.js would: the path picks the route module,
 * its dynamic segments become the `params` promise, the method picks the export. The session is
 * the one `signInAs` set (see session-mock.ts), so a test names who is calling and nothing else
 * is faked.
 */

export const APP_ORIGIN = 'http://localhost:3000'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Response | Promise<Response>
type RouteModule = Partial<Record<Method, RouteHandler>>

/** Every API route of PRODUCT.md's table (and the OpenAPI document), by its Next.js path. */
export const ROUTES: { pattern: string; module: RouteModule }[] = [
  { pattern: '/api/contracts', module: contracts },
  { pattern: '/api/contracts/:id', module: contract },
  { pattern: '/api/contracts/:id/milestones', module: milestones },
  { pattern: '/api/contracts/:id/change-requests', module: changeRequests },
  { pattern: '/api/contracts/:id/change-requests/:rid/accept', module: acceptChanges },
  { pattern: '/api/contracts/:id/change-requests/:rid/decline', module: declineChanges },
  { pattern: '/api/contracts/:id/change-requests/:rid/withdraw', module: withdrawChanges },
  { pattern: '/api/contracts/:id/milestones/:mid/fund', module: fund },
  { pattern: '/api/contracts/:id/milestones/:mid/submit', module: submit },
  { pattern: '/api/contracts/:id/milestones/:mid/release', module: release },
  { pattern: '/api/contracts/:id/close', module: close },
  { pattern: '/api/contracts/:id/close/accept', module: acceptClose },
  { pattern: '/api/contracts/:id/close/decline', module: declineClose },
  { pattern: '/api/contracts/:id/reviews', module: reviews },
  { pattern: '/api/contracts/:id/activity', module: activity },
  { pattern: '/api/contracts/:id/export', module: exportRecord },
  { pattern: '/api/openapi.json', module: openapi },
]

function matchRoute(path: string): { module: RouteModule; params: Record<string, string> } {
  const segments = path.split('?')[0]!.split('/')
  for (const route of ROUTES) {
    const parts = route.pattern.split('/')
    if (parts.length !== segments.length) continue
    const params: Record<string, string> = {}
    const matches = parts.every((part, i) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = decodeURIComponent(segments[i]!)
        return segments[i] !== ''
      }
      return part === segments[i]
    })
    if (matches) return { module: route.module, params }
  }
  throw new Error(`No route for ${path}`)
}

export type ApiCall = {
  /** Who is signed in; null for anonymous. */
  as: Actor | null
  method: Method
  path: string
  /** Sent as JSON with `Content-Type: application/json` unless `headers` say otherwise. */
  body?: unknown
  /** Sent as is, instead of `body`. */
  rawBody?: string
  /** Added to (or, with the same name, replacing) the defaults: a same-origin browser's headers. */
  headers?: Record<string, string>
}

/** A parsed JSON body: tests check its shape with assertions and the representation schemas. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately untyped, see above
export type Json = any

/** `body` is the parsed JSON (null for other media types); `text` and `bytes` are the body as sent, BOM included. */
export type ApiResponse<T = Json> = { status: number; body: T; text: string; bytes: Uint8Array; headers: Headers }

/**
 * The contract test: every answer callApi gets is checked against the OpenAPI document the app
 * serves (openapi-contract.ts), so every suite using the harness holds the document to what the API
 * really answers. Problems are collected and asserted once at the end of each test file, so a
 * test expecting an error still reads its own assertion first. Set `responseContract.check` to
 * false in a file that deliberately sends what the document leaves out (none does today).
 */
export const responseContract = { check: true, violations: [] as string[] }
const openApi = createOpenApiContract(buildOpenApiDocument())

afterAll(() => {
  expect(responseContract.violations, 'responses that /api/openapi.json does not describe').toEqual([])
})

/** One request to the route handler the path names, answered as status, parsed JSON body and raw text. */
export async function callApi<T = Json>(call: ApiCall): Promise<ApiResponse<T>> {
  const { module, params } = matchRoute(call.path)
  const handler = module[call.method]
  if (!handler) return { status: 405, body: null as T, text: '', bytes: new Uint8Array(), headers: new Headers() }
  const text = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body))
  const headers = new Headers({ origin: APP_ORIGIN })
  if (text !== undefined) headers.set('content-type', 'application/json')
  for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value)
  const request = new Request(`${APP_ORIGIN}${call.path}`, { method: call.method, headers, body: call.method === 'GET' ? undefined : text })
  signInAs(call.as)
  try {
    const response = await handler(request, { params: Promise.resolve(params) })
    const bytes = new Uint8Array(await response.arrayBuffer())
    // ignoreBOM keeps a byte order mark in the text: the CSV export starts with one on purpose.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    const isJson = /^application\/(.+\+)?json\b/i.test(response.headers.get('content-type') ?? '')
    // The document does not describe itself: it is checked by the OpenAPI validator instead.
    if (responseContract.check && call.path !== '/api/openapi.json') {
      responseContract.violations.push(...openApi.check({ method: call.method, path: call.path, status: response.status, headers: response.headers, text }))
    }
    return { status: response.status, body: (text === '' || !isJson ? null : JSON.parse(text)) as T, text, bytes, headers: response.headers }
  } finally {
    signInAs(null)
  }
}

/** A signed-in user as the session would report them. */
export async function createApiUser(name: string): Promise<Actor> {
  const user = await createUser({ name })
  return { userId: user.userId, email: user.email, name }
}

export const milestone = (title: string, amountCents = 10_000, extra: Record<string, unknown> = {}) => ({ title, amountCents, ...extra })

/** A client, an expert and an outsider, and a contract created through POST /api/contracts. */
export async function createApiScenario(plan: ReturnType<typeof milestone>[] = [milestone('Design'), milestone('Build', 20_000)]) {
  const [client, expert, outsider] = await Promise.all([createApiUser('Client'), createApiUser('Expert'), createApiUser('Outsider')])
  const created = await callApi({ as: client, method: 'POST', path: '/api/contracts', body: { title: 'API contract', expertEmail: expert.email, milestones: plan } })
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${created.text}`)
  const id: string = created.body.id
  const api = (as: Actor | null, method: Method, sub = '', body?: unknown, headers?: Record<string, string>) =>
    callApi({ as, method, path: `/api/contracts/${id}${sub}`, body, headers })
  return { client, expert, outsider, id, contract: created.body, api }
}

/** Calls that must succeed: throws with the error body otherwise, so setup failures are readable. */
export async function expectOk<T = Json>(response: Promise<ApiResponse<T>>): Promise<T> {
  const r = await response
  if (r.status >= 300) throw new Error(`expected success, got ${r.status} ${r.text}`)
  return r.body
}

/**
 * Everything stored about a contract and its parties, as one digest plus the counts the tests
 * name: a refused request must leave all of it exactly as it was.
 */
export async function stateOf(contractId: string, userIds: string[]) {
  const [row] = await getDb().$queryRaw<{ ledger: number; outbox: number; activity: number; keys: number; contracts: number; digest: string }[]>`
    SELECT
      (SELECT count(*)::int FROM "LedgerEntry" WHERE "contractId" = ${contractId}) AS ledger,
      (SELECT count(*)::int FROM "OutboxEmail" WHERE "contractId" = ${contractId}) AS outbox,
      (SELECT count(*)::int FROM "ActivityEvent" WHERE "contractId" = ${contractId}) AS activity,
      (SELECT count(*)::int FROM "IdempotencyKey" WHERE "userId" = ANY(${userIds}::text[])) AS keys,
      (SELECT count(*)::int FROM "Contract" WHERE "clientId" = ANY(${userIds}::text[]) OR "expertId" = ANY(${userIds}::text[])) AS contracts,
      md5(concat_ws('|',
        (SELECT row_to_json(c)::text FROM "Contract" c WHERE c.id = ${contractId}),
        (SELECT json_agg(m ORDER BY m.id)::text FROM "Milestone" m WHERE m."contractId" = ${contractId}),
        (SELECT json_agg(r ORDER BY r.id)::text FROM "ChangeRequest" r WHERE r."contractId" = ${contractId}),
        (SELECT json_agg(l ORDER BY l.id)::text FROM "LedgerEntry" l WHERE l."contractId" = ${contractId}),
        (SELECT json_agg(a ORDER BY a.id)::text FROM "ActivityEvent" a WHERE a."contractId" = ${contractId}),
        (SELECT json_agg(o.id ORDER BY o.id)::text FROM "OutboxEmail" o WHERE o."contractId" = ${contractId}),
        (SELECT json_agg(v ORDER BY v.id)::text FROM "Review" v WHERE v."contractId" = ${contractId}),
        (SELECT json_agg(k ORDER BY k.id)::text FROM "IdempotencyKey" k WHERE k."userId" = ANY(${userIds}::text[])),
        (SELECT json_agg(u ORDER BY u.id)::text FROM "User" u WHERE u.id = ANY(${userIds}::text[]))
      )) AS digest`
  return row!
}

/** The contract as its client sees it (raw text, for byte comparison) and the stored state. */
export async function snapshot(contractId: string, client: Actor, userIds: string[]) {
  const view = await callApi({ as: client, method: 'GET', path: `/api/contracts/${contractId}` })
  if (view.status !== 200) throw new Error(`snapshot GET failed: ${view.status} ${view.text}`)
  return { view: view.text, state: await stateOf(contractId, userIds) }
}

/** Whether a response is the API's error body with a code and a message. */
export function isErrorBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false
  const error = (body as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown; message?: unknown }
  return typeof code === 'string' && code.length > 0 && typeof message === 'string' && message.length > 0
}
