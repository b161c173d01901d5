import { afterAll, expect } from 'vitest'
import { buildOpenApiDocument } from '@/app/api/openapi'
import * as activity from '@/app/api/contracts/[id]/activity/route'
import * as acceptChanges from '@/app/api/contracts/[id]/change-requests/[rid]/accept/route'
import * as declineChanges from '@/app/api/contracts/[id]/change-requests/[rid]/decline/route'
import * as withdrawChanges from '@/app/api/contracts/[id]/change-requests/[rid]/withdraw/route'
import * as counterChanges from '@/app/api/contracts/[id]/change-requests/[rid]/counter/route'
import * as planVersions from '@/app/api/contracts/[id]/plan-versions/route'
import * as planVersion from '@/app/api/contracts/[id]/plan-versions/[version]/route'
import * as changeRequests from '@/app/api/contracts/[id]/change-requests/route'
import * as acceptClose from '@/app/api/contracts/[id]/close/accept/route'
import * as declineClose from '@/app/api/contracts/[id]/close/decline/route'
import * as close from '@/app/api/contracts/[id]/close/route'
import * as fund from '@/app/api/contracts/[id]/milestones/[mid]/fund/route'
import * as release from '@/app/api/contracts/[id]/milestones/[mid]/release/route'
import * as submit from '@/app/api/contracts/[id]/milestones/[mid]/submit/route'
import * as requestWorkChanges from '@/app/api/contracts/[id]/milestones/[mid]/request-changes/route'
import * as withdrawSubmission from '@/app/api/contracts/[id]/milestones/[mid]/withdraw-submission/route'
import * as extendReview from '@/app/api/contracts/[id]/milestones/[mid]/extend-review/route'
import * as extensionRequests from '@/app/api/contracts/[id]/milestones/[mid]/extension-requests/route'
import * as acceptExtension from '@/app/api/contracts/[id]/extension-requests/[eid]/accept/route'
import * as declineExtension from '@/app/api/contracts/[id]/extension-requests/[eid]/decline/route'
import * as devClock from '@/app/api/dev/clock/route'
import * as milestones from '@/app/api/contracts/[id]/milestones/route'
import * as reviews from '@/app/api/contracts/[id]/reviews/route'
import * as contract from '@/app/api/contracts/[id]/route'
import * as exportRecord from '@/app/api/contracts/[id]/export/route'
import * as contracts from '@/app/api/contracts/route'
import * as openDispute from '@/app/api/contracts/[id]/disputes/route'
import * as disputeOffers from '@/app/api/contracts/[id]/disputes/[did]/offers/route'
import * as acceptDisputeOffer from '@/app/api/contracts/[id]/disputes/[did]/offers/[oid]/accept/route'
import * as escalateDispute from '@/app/api/contracts/[id]/disputes/[did]/escalate/route'
import * as decideDispute from '@/app/api/contracts/[id]/disputes/[did]/decide/route'
import * as openapi from '@/app/api/openapi.json/route'
import * as webhooks from '@/app/api/webhooks/route'
import * as webhook from '@/app/api/webhooks/[wid]/route'
import * as rotateSecret from '@/app/api/webhooks/[wid]/rotate-secret/route'
import * as deliveries from '@/app/api/webhooks/[wid]/deliveries/route'
import * as redeliver from '@/app/api/webhooks/[wid]/deliveries/[did]/redeliver/route'
import * as unknownPath from '@/app/api/[[...path]]/route'
import * as token from '@/app/api/tokens/[tid]/route'
import * as tokens from '@/app/api/tokens/route'
import { createApiScenario as createScenarioWith, type ApiCall, type ApiClient, type ApiResponse, type Json } from '../../api-suites/api-client'
import { createOperator, createUser } from '../../factories'
import { createOpenApiContract } from './openapi-contract'
import { signInAs } from './session-mock'

/**
 * Calls the real route handlers in-process, as Next.js would: the path (normalised like a URL,
 * so `..` segments are resolved as an HTTP server resolves them) picks the route module, its
 * dynamic segments become the `params` promise, the method picks the export; a path no route
 * serves goes to the /api catch-all. The session is the one `signInAs` set (see session-mock.ts),
 * so a test names who is calling and nothing else is faked.
 */

export const APP_ORIGIN = 'http://localhost:3000'

type Method = ApiCall['method']
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
  { pattern: '/api/contracts/:id/change-requests/:rid/counter', module: counterChanges },
  { pattern: '/api/contracts/:id/plan-versions', module: planVersions },
  { pattern: '/api/contracts/:id/plan-versions/:version', module: planVersion },
  { pattern: '/api/contracts/:id/milestones/:mid/fund', module: fund },
  { pattern: '/api/contracts/:id/milestones/:mid/submit', module: submit },
  { pattern: '/api/contracts/:id/milestones/:mid/request-changes', module: requestWorkChanges },
  { pattern: '/api/contracts/:id/milestones/:mid/withdraw-submission', module: withdrawSubmission },
  { pattern: '/api/contracts/:id/milestones/:mid/extend-review', module: extendReview },
  { pattern: '/api/contracts/:id/milestones/:mid/extension-requests', module: extensionRequests },
  { pattern: '/api/contracts/:id/extension-requests/:eid/accept', module: acceptExtension },
  { pattern: '/api/contracts/:id/extension-requests/:eid/decline', module: declineExtension },
  { pattern: '/api/dev/clock', module: devClock },
  { pattern: '/api/contracts/:id/milestones/:mid/release', module: release },
  { pattern: '/api/contracts/:id/close', module: close },
  { pattern: '/api/contracts/:id/close/accept', module: acceptClose },
  { pattern: '/api/contracts/:id/close/decline', module: declineClose },
  { pattern: '/api/contracts/:id/reviews', module: reviews },
  { pattern: '/api/contracts/:id/activity', module: activity },
  { pattern: '/api/contracts/:id/export', module: exportRecord },
  { pattern: '/api/contracts/:id/disputes', module: openDispute },
  { pattern: '/api/contracts/:id/disputes/:did/offers', module: disputeOffers },
  { pattern: '/api/contracts/:id/disputes/:did/offers/:oid/accept', module: acceptDisputeOffer },
  { pattern: '/api/contracts/:id/disputes/:did/escalate', module: escalateDispute },
  { pattern: '/api/contracts/:id/disputes/:did/decide', module: decideDispute },
  { pattern: '/api/tokens', module: tokens },
  { pattern: '/api/tokens/:tid', module: token },
  { pattern: '/api/openapi.json', module: openapi },
  { pattern: '/api/webhooks', module: webhooks },
  { pattern: '/api/webhooks/:wid', module: webhook },
  { pattern: '/api/webhooks/:wid/rotate-secret', module: rotateSecret },
  { pattern: '/api/webhooks/:wid/deliveries', module: deliveries },
  { pattern: '/api/webhooks/:wid/deliveries/:did/redeliver', module: redeliver },
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
  return { module: unknownPath, params: { path: segments.slice(2).join('/') } }
}

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
  const { module, params } = matchRoute(new URL(call.path, APP_ORIGIN).pathname)
  const handler = module[call.method]
  if (!handler) return { status: 405, body: null as T, text: '', bytes: new Uint8Array(), headers: new Headers() }
  const text = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body))
  const headers = new Headers({ origin: APP_ORIGIN })
  if (text !== undefined) headers.set('content-type', 'application/json')
  if (call.as?.token) headers.set('authorization', `Bearer ${call.as.token}`)
  for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value)
  const request = new Request(`${APP_ORIGIN}${call.path}`, { method: call.method, headers, body: call.method === 'GET' ? undefined : text })
  // A token party has no session: a script sends the token and nothing else.
  signInAs(call.as && !call.as.token ? { userId: call.as.userId, email: call.as.email, name: call.as.name } : null)
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

/** The route handlers in-process, each scenario with fresh users. */
export const inProcessApi: ApiClient = {
  kind: 'in-process',
  call: callApi,
  async parties() {
    const [client, expert, outsider] = await Promise.all(['Client', 'Expert', 'Outsider'].map(async (name) => ({ ...(await createUser({ name })), name })))
    return { client: client!, expert: expert!, outsider: outsider! }
  },
  async operators() {
    const [one, two] = await Promise.all([createOperator(1), createOperator(2)])
    return [{ ...one, name: 'Operator 1' }, { ...two, name: 'Operator 2' }]
  },
}

/** A signed-in user as the session would report them. */
export async function createApiUser(name: string) {
  return { ...(await createUser({ name })), name }
}

/** A client, an expert and an outsider with a contract, through the in-process routes. */
export const createApiScenario = (plan?: Parameters<typeof createScenarioWith>[1]) => createScenarioWith(inProcessApi, plan)

export { expectOk, milestone, stateOf, type ApiResponse } from '../../api-suites/api-client'
