import { z } from 'zod'
import type { DomainErrorCode } from '@/domain/errors'
import type { EdgeErrorCode } from '@/server/errors'
import { STATUS } from '@/server/http'
import { activityList, clockReading, contractList, contractView, errorBody, evidenceRecord, operatorDispute, planVersionDetail, planVersionList } from './contracts/representations'
import { advanceClockBody } from './dev/clock/schema'
import { deliveryList, deliveryView, rotatedSecret, webhookCreated, webhookList, webhookView } from './webhooks/representations'
import { WEBHOOK_OPERATIONS } from './webhooks/openapi-operations'
import {
  acceptChangesBody,
  closeContractBody,
  createContractBody,
  decideDisputeBody,
  declineChangesBody,
  disputeOfferBody,
  emptyBody,
  counterChangesBody,
  exportQuery,
  extendReviewBody,
  requestExtensionBody,
  requestWorkChangesBody,
  submitWorkBody,
  leaveReviewBody,
  listContractsQuery,
  proposeChangesBody,
  releasePaymentBody,
  savePlanBody,
} from './contracts/schemas'
import { createdToken, tokenList } from './tokens/representations'
import { createTokenBody } from './tokens/schemas'

/**
 * The OpenAPI 3.1 document of the JSON API, built from the zod schemas the route handlers parse
 * with (bodies, as input: `cents` transforms) and the representations the tests check responses
 * against, so it cannot drift from the code. Served at GET /api/openapi.json.
 */

type Code = DomainErrorCode | EdgeErrorCode
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

export type ApiOperation = {
  method: Method
  path: string
  summary: string
  /** Who may call it, as PRODUCT.md's table says. */
  who: string
  body?: { name: string; schema: z.ZodType; required: boolean }
  /** Query parameters: the zod schema the handler parses them with. */
  query?: z.ZodObject
  /**
   * `name` is the JSON schema of the answer; `media` adds other media types (a CSV download) and
   * `headers` the response headers it always carries.
   */
  response: { status: 200 | 201; name: string; media?: Record<string, Record<string, unknown>>; headers?: Record<string, Record<string, unknown>> }
  /** 204: the answer has no body (`response` is not used). */
  noContent?: boolean
  idempotent?: boolean
  /** R22: false for routes only the signed-in person may call (the token routes): no bearer security. */
  tokens?: boolean
  /** Error codes besides the ones every authenticated route may answer. */
  errors: Code[]
  /** Needs no session (the demo clock): no 401, and `security: []`. */
  public?: boolean
}

const member = 'members of the contract'
const plan: Code[] = ['AMOUNT_BELOW_MINIMUM', 'AMOUNT_ABOVE_MAXIMUM', 'DUE_DATE_IN_PAST', 'MILESTONE_LOCKED']
const open: Code[] = ['FORBIDDEN_FOR_ROLE', 'CONTRACT_CLOSED']
/**
 * Every write is same-origin only (with the session cookie) and counts against the caller's rate
 * limit; a read-only API token cannot make one.
 */
const write: Code[] = ['CROSS_SITE_REQUEST', 'RATE_LIMITED', 'TOKEN_SCOPE']
/** The token routes answer a bearer token 403 TOKEN_SCOPE: tokens cannot manage tokens. */
const self = 'the signed-in user (with the browser session; API tokens cannot manage tokens)'

/** Every route of PRODUCT.md's "HTTP API" table. */
export const API_OPERATIONS: ApiOperation[] = [
  {
    method: 'get', path: '/api/contracts', summary: "The user's contracts, as client and as expert, newest first, a page at a time (nextCursor is null on the last page)",
    who: 'any signed-in user', query: listContractsQuery, response: { status: 200, name: 'ContractList' }, errors: [],
  },
  {
    method: 'post', path: '/api/contracts', summary: 'Create a contract as its client', who: 'any signed-in user (becomes the client)',
    body: { name: 'CreateContractBody', schema: createContractBody, required: true }, response: { status: 201, name: 'Contract' }, errors: [...write, 'AMOUNT_BELOW_MINIMUM', 'AMOUNT_ABOVE_MAXIMUM', 'DUE_DATE_IN_PAST'],
  },
  { method: 'get', path: '/api/contracts/{id}', summary: 'The contract as the caller sees it', who: member, response: { status: 200, name: 'Contract' }, errors: [] },
  {
    method: 'put', path: '/api/contracts/{id}/milestones', summary: 'Save the upcoming plan', who: 'client',
    body: { name: 'SavePlanBody', schema: savePlanBody, required: true }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, ...plan, 'CHANGE_REQUEST_PENDING', 'STALE_PLAN_VERSION'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/change-requests', summary: 'Propose a new upcoming plan', who: 'expert',
    body: { name: 'ProposeChangesBody', schema: proposeChangesBody, required: true }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, ...plan, 'CHANGE_REQUEST_PENDING', 'STALE_PLAN_VERSION'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/change-requests/{rid}/accept', summary: 'Accept the pending request or counter, as proposed or (the client) modified', who: "the request author's counterpart",
    body: { name: 'AcceptChangesBody', schema: acceptChangesBody, required: false }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, ...plan, 'NO_PENDING_CHANGE_REQUEST', 'STALE_PLAN_VERSION'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/change-requests/{rid}/decline', summary: 'Decline the pending request or counter', who: "the request author's counterpart",
    body: { name: 'DeclineChangesBody', schema: declineChangesBody, required: false }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'NO_PENDING_CHANGE_REQUEST'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/change-requests/{rid}/withdraw', summary: 'Withdraw the pending request or counter', who: 'the request author',
    body: { name: 'EmptyBody', schema: emptyBody, required: false }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'NO_PENDING_CHANGE_REQUEST'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/change-requests/{rid}/counter', summary: 'Answer the pending request with a counter-proposal (R18); it becomes the pending request', who: "the request author's counterpart",
    body: { name: 'CounterChangesBody', schema: counterChangesBody, required: true }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, ...plan, 'NO_PENDING_CHANGE_REQUEST', 'STALE_PLAN_VERSION'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/milestones/{mid}/fund', summary: 'Fund the next milestone into escrow', who: 'client', idempotent: true,
    body: { name: 'EmptyBody', schema: emptyBody, required: false }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'MILESTONE_LOCKED', 'NOT_NEXT_MILESTONE', 'ANOTHER_MILESTONE_IN_PROGRESS', 'CHANGE_REQUEST_PENDING', 'CLOSE_PROPOSAL_PENDING', 'DISPUTE_OPEN', 'IDEMPOTENCY_KEY_REUSED'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/milestones/{mid}/submit', summary: 'Submit the work of the funded milestone with a message and links; the review window opens (R15)', who: 'expert',
    body: { name: 'SubmitWorkBody', schema: submitWorkBody, required: true }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'MILESTONE_NOT_IN_PROGRESS'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/milestones/{mid}/request-changes', summary: 'Ask for changes to the submitted work: back to funded, the window closes (R15)', who: 'client',
    body: { name: 'RequestWorkChangesBody', schema: requestWorkChangesBody, required: true }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'NOT_SUBMITTED', 'REVIEW_WINDOW_ENDED'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/milestones/{mid}/withdraw-submission', summary: 'Withdraw a submission the client has not answered (R15)', who: 'expert',
    body: { name: 'EmptyBody', schema: emptyBody, required: false }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'NOT_SUBMITTED', 'REVIEW_WINDOW_ENDED'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/milestones/{mid}/extend-review', summary: 'Extend the review window once by 1–14 days (R15)', who: 'client',
    body: { name: 'ExtendReviewBody', schema: extendReviewBody, required: true }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'NOT_SUBMITTED', 'REVIEW_WINDOW_ENDED', 'REVIEW_ALREADY_EXTENDED'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/milestones/{mid}/extension-requests', summary: 'Ask to move the due date of the milestone in progress by 1–90 days (R17)', who: 'expert',
    body: { name: 'RequestExtensionBody', schema: requestExtensionBody, required: true }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'MILESTONE_NOT_IN_PROGRESS', 'NO_DUE_DATE', 'EXTENSION_REQUEST_PENDING'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/extension-requests/{eid}/accept', summary: 'Accept the pending extension request: the due date moves (R17)', who: 'client',
    body: { name: 'EmptyBody', schema: emptyBody, required: false }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'NO_PENDING_EXTENSION_REQUEST'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/extension-requests/{eid}/decline', summary: 'Decline the pending extension request (R17)', who: 'client',
    body: { name: 'EmptyBody', schema: emptyBody, required: false }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'NO_PENDING_EXTENSION_REQUEST'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/milestones/{mid}/release', summary: 'Release all or part of the milestone in progress', who: 'client', idempotent: true,
    body: { name: 'ReleasePaymentBody', schema: releasePaymentBody, required: true }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'RELEASE_EXCEEDS_FUNDED', 'MILESTONE_NOT_IN_PROGRESS', 'CLOSE_PROPOSAL_PENDING', 'DISPUTE_OPEN', 'IDEMPOTENCY_KEY_REUSED'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/close', summary: 'Close: at once when nothing is held, else a settlement proposal (client) or full refund (expert)', who: member, idempotent: true,
    body: { name: 'CloseContractBody', schema: closeContractBody, required: false }, response: { status: 200, name: 'Contract' },
    errors: [...write, 'CONTRACT_CLOSED', 'REFUND_EXCEEDS_HELD', 'CLOSE_PROPOSAL_PENDING', 'DISPUTE_OPEN', 'IDEMPOTENCY_KEY_REUSED'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/close/accept', summary: "Accept the client's settlement; the contract closes", who: 'expert', idempotent: true,
    body: { name: 'EmptyBody', schema: emptyBody, required: false }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'NO_PENDING_CLOSE_PROPOSAL', 'REFUND_EXCEEDS_HELD', 'DISPUTE_OPEN', 'IDEMPOTENCY_KEY_REUSED'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/close/decline', summary: "Decline the client's settlement", who: 'expert',
    body: { name: 'EmptyBody', schema: emptyBody, required: false }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'NO_PENDING_CLOSE_PROPOSAL'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/reviews', summary: 'Review the other party after close', who: `${member}, after close`,
    body: { name: 'LeaveReviewBody', schema: leaveReviewBody, required: true }, response: { status: 200, name: 'Contract' },
    errors: [...write, 'CONTRACT_NOT_CLOSED', 'ALREADY_REVIEWED'],
  },
  { method: 'get', path: '/api/contracts/{id}/plan-versions', summary: 'Every plan version (R20), newest first: who made it, when and why', who: member, response: { status: 200, name: 'PlanVersionList' }, errors: [] },
  {
    method: 'get', path: '/api/contracts/{id}/plan-versions/{version}', summary: 'One plan version (R20): the whole plan then, and its changes from the version kept before it', who: member,
    response: { status: 200, name: 'PlanVersion' }, errors: ['VALIDATION_FAILED'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/disputes', summary: 'Open a dispute about the milestone in progress, with a statement and a first offer (R21)', who: member,
    body: { name: 'DisputeOfferBody', schema: disputeOfferBody, required: true }, response: { status: 200, name: 'Contract' },
    errors: [...write, 'CONTRACT_CLOSED', 'OFFER_EXCEEDS_HELD', 'DISPUTE_OPEN', 'CLOSE_PROPOSAL_PENDING', 'MILESTONE_NOT_IN_PROGRESS'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/disputes/{did}/offers', summary: 'Answer the standing offer with your own offer and statement (R21)', who: 'the party the standing offer waits for',
    body: { name: 'DisputeOfferBody', schema: disputeOfferBody, required: true }, response: { status: 200, name: 'Contract' },
    errors: [...write, 'CONTRACT_CLOSED', 'OFFER_EXCEEDS_HELD', 'DISPUTE_NOT_OPEN', 'OFFER_AWAITING_ANSWER'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/disputes/{did}/offers/{oid}/accept', summary: "Accept the standing offer: the milestone's escrow is divided at once (R21)", who: "the offer's counterpart",
    body: { name: 'EmptyBody', schema: emptyBody, required: false }, response: { status: 200, name: 'Contract' },
    errors: [...write, ...open, 'DISPUTE_NOT_OPEN', 'OFFER_SUPERSEDED'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/disputes/{did}/escalate', summary: 'Ask the operator to decide (R21)', who: member,
    body: { name: 'EmptyBody', schema: emptyBody, required: false }, response: { status: 200, name: 'Contract' },
    errors: [...write, 'CONTRACT_CLOSED', 'DISPUTE_NOT_OPEN', 'DISPUTE_ALREADY_ESCALATED'],
  },
  {
    method: 'post', path: '/api/contracts/{id}/disputes/{did}/decide', summary: "Decide an escalated dispute: releaseCents to the expert, the rest refunded, with a reason (R21)", who: 'operators (OPERATOR_EMAILS); everyone else gets 404',
    body: { name: 'DecideDisputeBody', schema: decideDisputeBody, required: true }, response: { status: 200, name: 'OperatorDispute' },
    errors: [...write, 'CONTRACT_CLOSED', 'OFFER_EXCEEDS_HELD', 'DISPUTE_NOT_OPEN', 'DISPUTE_NOT_ESCALATED'],
  },
  { method: 'get', path: '/api/contracts/{id}/activity', summary: "The contract's events, newest first", who: member, response: { status: 200, name: 'ActivityList' }, errors: [] },
  {
    method: 'get', path: '/api/contracts/{id}/export', summary: 'The evidence record (R24): every event and ledger entry, identical bytes for both parties', who: member,
    query: exportQuery,
    response: {
      status: 200,
      name: 'EvidenceRecord',
      media: {
        'text/csv': {
          schema: { type: 'string', description: 'RFC 4180 with CRLF line ends, a UTF-8 byte order mark and a header row: one row per event and per ledger entry in time order. Fields starting with = + - @ tab or CR get a leading apostrophe.' },
        },
      },
      headers: {
        Digest: { required: true, description: 'SHA-256 of the body bytes, base64', schema: { type: 'string', pattern: '^sha-256=[A-Za-z0-9+/]{43}=$' } },
        'Content-Disposition': { required: true, description: 'A download, named after the contract', schema: { type: 'string', pattern: '^attachment; filename="tranche-contract-[A-Za-z0-9_-]+\\.(csv|json)"$' } },
      },
    },
    errors: [],
  },
  {
    method: 'get', path: '/api/tokens', summary: "R22: the caller's API tokens that are not revoked, newest first (never the tokens themselves)", who: self, tokens: false,
    response: { status: 200, name: 'TokenList' }, errors: ['TOKEN_SCOPE'],
  },
  {
    method: 'post', path: '/api/tokens', summary: 'R22: create an API token; the answer is the only time the token appears', who: self, tokens: false,
    body: { name: 'CreateTokenBody', schema: createTokenBody, required: true }, response: { status: 201, name: 'CreatedToken' }, errors: [...write],
  },
  {
    method: 'delete', path: '/api/tokens/{tid}', summary: 'R22: revoke an API token at once (404 for an unknown, revoked or foreign token)', who: self, tokens: false,
    response: { status: 200, name: '' }, noContent: true, errors: [...write, 'NOT_FOUND'],
  },
]

API_OPERATIONS.push(...WEBHOOK_OPERATIONS)
API_OPERATIONS.push(
  {
    method: 'get', path: '/api/dev/clock', summary: 'The application clock (DEMO_MODE=1 only; 404 otherwise)', who: 'anyone, DEMO_MODE=1 only', public: true,
    response: { status: 200, name: 'Clock' }, errors: ['NOT_FOUND'],
  },
  {
    method: 'post', path: '/api/dev/clock', summary: 'Move the application clock forward for every instance (DEMO_MODE=1 only; 404 otherwise)', who: 'anyone, DEMO_MODE=1 only', public: true,
    body: { name: 'AdvanceClockBody', schema: advanceClockBody, required: true }, response: { status: 200, name: 'Clock' }, errors: ['NOT_FOUND', 'CROSS_SITE_REQUEST'],
  },
)

/** The status of every code: the one table src/server/http.ts answers with. */
export const CODE_STATUS: Record<Code, number> = STATUS

const STATUS_TEXT: Record<number, string> = {
  401: 'Not signed in, or a bad, expired or revoked API token', 403: 'Signed in, but not allowed', 404: 'No such contract (or not a member), milestone, or webhook or token of the caller',
  409: "Conflicts with the contract's current state", 422: 'Invalid input', 429: 'Rate-limited',
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>
  return rest
}

function outputSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'output', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>
  return rest
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

function errorResponses(operation: ApiOperation): Record<string, unknown> {
  const tokenRefusals: Code[] = ['TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_REVOKED']
  const codes: Code[] = [...(operation.public ? [] : (['UNAUTHENTICATED', ...tokenRefusals] as const)), ...(/\{(id|wid)\}/.test(operation.path) ? (['NOT_FOUND'] as const) : [])]
  if (operation.method !== 'get' || operation.path.includes('{') || operation.query) codes.push('VALIDATION_FAILED')
  codes.push(...operation.errors)
  const byStatus = new Map<number, Set<Code>>()
  for (const code of codes) {
    const status = CODE_STATUS[code]
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code))
  }
  const responses: Record<string, unknown> = {}
  for (const [status, set] of [...byStatus].sort(([a], [b]) => a - b)) {
    const list = [...set]
    responses[String(status)] = {
      description: `${STATUS_TEXT[status]}: ${list.join(', ')}`,
      content: {
        'application/json': {
          schema: { allOf: [ref('Error'), { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: list } } } } }] },
        },
      },
    }
  }
  return responses
}

function parameters(operation: ApiOperation): unknown[] {
  const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
  const params: unknown[] = names.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: name === 'version' ? { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } : { type: 'string', minLength: 1, maxLength: 100 },
  }))
  const query = operation.query ? (jsonSchema(operation.query) as { properties?: Record<string, Record<string, unknown>> }) : {}
  const shape = (operation.query?.shape ?? {}) as Record<string, z.ZodType>
  for (const [name, { description, ...schema }] of Object.entries(query.properties ?? {})) {
    const required = shape[name] ? !shape[name].safeParse(undefined).success : false
    params.push({ name, in: 'query', required, ...(description ? { description } : {}), schema })
  }
  if (operation.idempotent) {
    params.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'R13: a replay of the same key returns the first result and moves no money twice; the same key with another body is 409 IDEMPOTENCY_KEY_REUSED.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
    })
  }
  return params
}

/** The OpenAPI 3.1 document of the API. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {
    Contract: outputSchema(contractView),
    ContractList: outputSchema(contractList),
    ActivityList: outputSchema(activityList),
    Error: outputSchema(errorBody),
    EvidenceRecord: outputSchema(evidenceRecord),
    PlanVersionList: outputSchema(planVersionList),
    PlanVersion: outputSchema(planVersionDetail),
    OperatorDispute: outputSchema(operatorDispute),
    Clock: outputSchema(clockReading),
    Webhook: outputSchema(webhookView),
    WebhookCreated: outputSchema(webhookCreated),
    WebhookList: outputSchema(webhookList),
    RotatedSecret: outputSchema(rotatedSecret),
    WebhookDelivery: outputSchema(deliveryView),
    WebhookDeliveryList: outputSchema(deliveryList),
    TokenList: outputSchema(tokenList),
    CreatedToken: outputSchema(createdToken),
  }
  const paths: Record<string, Record<string, unknown>> = {}
  for (const operation of API_OPERATIONS) {
    if (operation.body) schemas[operation.body.name] = jsonSchema(operation.body.schema)
    const entry: Record<string, unknown> = {
      operationId: `${operation.method}${operation.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: operation.summary,
      description: `Who: ${operation.who}.`,
      parameters: parameters(operation),
      ...(operation.public ? { security: [] } : {}),
      responses: {
        ...(operation.noContent
          ? { '204': { description: 'Done; no body' } }
          : {
              [String(operation.response.status)]: {
                description: 'The result',
                content: { 'application/json': { schema: ref(operation.response.name) }, ...operation.response.media },
                ...(operation.response.headers ? { headers: operation.response.headers } : {}),
              },
            }),
        ...errorResponses(operation),
      },
      ...(operation.tokens === false ? { security: [{ session: [] }] } : {}),
    }
    if (operation.body) {
      entry.requestBody = { required: operation.body.required, content: { 'application/json': { schema: ref(operation.body.name) } } }
    }
    paths[operation.path] = { ...paths[operation.path], [operation.method]: entry }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tranche API',
      version: '1.0.0',
      description:
        'JSON API of Tranche (PRODUCT.md, "HTTP API"). Every successful call about one contract answers with the contract as the caller sees it. Errors are {"error": {"code", "message", "details"?}}; amounts are integer cents (USD). Authenticate with the session cookie or an API token (Authorization: Bearer tr_…, R22). State-changing requests with the cookie must be same-origin; with a body, every request must be application/json of at most 4 MB (a larger body is 422 VALIDATION_FAILED). Every write counts against the caller\'s rate limit (429 RATE_LIMITED with Retry-After); GET /api/contracts is paginated (?cursor=, ?limit=).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ session: [] }, { token: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token', description: 'The next-auth session cookie, __Host-next-auth.session-token in production (next-auth.session-token on a local http run); demo sign-in: POST /api/auth/callback/demo' },
        token: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'tr_ followed by 43 base64url characters',
          description:
            'R22: a personal API token from /settings/tokens, as "Authorization: Bearer tr_…". It acts as its user on every route but the token routes; a read-only token may only GET (403 TOKEN_SCOPE). A Bearer header is never combined with the cookie: a bad, expired or revoked token is 401 TOKEN_INVALID, TOKEN_EXPIRED or TOKEN_REVOKED. Bearer writes need no Origin check and count against the token\'s own rate limit.',
        },
      },
    },
  }
}
