import { z } from 'zod'
import type { Actor } from '@/domain/types'
import { limitApiWrite, subjectOf, type RateLimitSubject } from '@/server/api-rate-limit'
import { scopeAllows } from '@/domain/api-tokens'
import { resolveCaller, type Caller } from '@/server/auth/request-caller'
import { assertSameOrigin } from '@/server/auth/same-site'
import { getClientIp } from '@/server/client-address'
import { requireContractMember } from '@/server/contracts/require-member'
import { getDb } from '@/server/db/client'
import { getEnv } from '@/server/env'
import { requireOperator } from '@/server/operators'
import { EdgeError, invalidInput } from '@/server/errors'
import { toErrorResponse } from '@/server/http'
import { jsonBodyOf } from '@/server/json-body'
import { readBodyWithCap } from '@/server/read-body'
import { logRefusedAuthorization } from '@/server/security-log'
import { id } from './contracts/schemas'

type RouteContext = { params: Promise<Record<string, string | string[]>> }

type HandlerInput<B, P, Q> = {
  actor: Actor
  body: B
  params: P
  query: Q
  idempotencyKey: string | undefined
  /** Who the request counts against in rate limits: the user, or the API token it carries. */
  subject: RateLimitSubject
  /** The client's address, for further limits and logs. */
  ip: string
}
type Handler<B, P, Q> = (input: HandlerInput<B, P, Q>) => Promise<unknown>
/**
 * Who a route is for. `members` (the default): a contract's parties, so an outsider's malformed
 * request about a contract is still NOT_FOUND. `operators` (R21): OPERATOR_EMAILS' accounts, who
 * are not members; everyone else gets NOT_FOUND, malformed request or not.
 */
type Audience = 'members' | 'operators'
type Spec<B, P, Q> = {
  body?: B
  params?: P
  query?: Q
  status?: number
  /**
   * Whether an API token may call the route (R22; default true, within the token's scope). The
   * token routes say false: making and revoking credentials needs the person, in the browser.
   */
  tokens?: boolean
  audience?: Audience
}

/** Longest JSON body we read: a 500-milestone plan with long descriptions fits comfortably. */
const MAX_BODY_BYTES = 4 * 1024 * 1024

const idempotencyKeyHeader = z.string().trim().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'printable ASCII')

/**
 * The thin edge every API route uses: authenticate, refuse cross-site writes, count writes against
 * the caller's rate limit, parse params, query, body (read with a byte cap) and Idempotency-Key
 * with zod, call one service, answer JSON. Every error becomes the API's error body through
 * `toErrorResponse`; refused authorization is logged as a security event.
 */
export function route<B extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodUndefined>(
  spec: Spec<B, P, Q>,
  handler: Handler<z.infer<B>, z.infer<P>, z.infer<Q>>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const ip = getClientIp(request.headers)
    let userId: string | null = null
    try {
      const actor = await resolveCaller(request, { ip })
      if (!actor) throw new EdgeError('UNAUTHENTICATED', 'Sign in to continue.')
      userId = actor.userId
      assertTokenMay(actor, request.method, spec.tokens ?? true)
      const subject = subjectOf({ userId: actor.userId, tokenId: actor.token?.id })
      const rawParams = (await context?.params) ?? {}
      const isWrite = request.method !== 'GET' && request.method !== 'HEAD'
      if (isWrite) {
        // CSRF rides on the cookie a browser attaches by itself. A bearer request authenticates
        // with a header no browser adds on its own (another site could only send it through a
        // CORS preflight this API never grants, and would need the token first) and its cookie is
        // never read, so there is nothing to forge: only cookie requests need the Origin check.
        if (!actor.token) assertSameOrigin(request, getEnv().APP_URL)
        await limitApiWrite({ db: getDb(), subject, env: getEnv(), ip })
      }
      const input = await parseInput(request, spec, rawParams, isWrite).catch(async (error: unknown) => {
        // Malformed input about a contract: an outsider still gets NOT_FOUND, never a 422 (and an
        // id the API's own schema refuses names no contract).
        if (error instanceof z.ZodError && spec.audience === 'operators') await requireOperator(actor)
        else if (error instanceof z.ZodError && typeof rawParams.id === 'string') {
          const contractId = id.safeParse(rawParams.id)
          await requireContractMember({ actor, contractId: contractId.success ? contractId.data : null })
        }
        throw error
      })
      const result = await handler({ actor: { userId: actor.userId }, subject, ip, ...(input as Omit<HandlerInput<z.infer<B>, z.infer<P>, z.infer<Q>>, 'actor' | 'subject' | 'ip'>) })
      if (result instanceof Response) return result
      return new Response(jsonBodyOf(result), { status: spec.status ?? 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } })
    } catch (error) {
      logRefusedAuthorization(error, { userId, request, ip })
      return toErrorResponse(error)
    }
  }
}

/** R22: a token acts within its scope (read tokens only read), and only on routes that take tokens. */
function assertTokenMay(caller: Caller, method: string, routeTakesTokens: boolean): void {
  if (!caller.token) return
  if (!routeTakesTokens) throw new EdgeError('TOKEN_SCOPE', 'API tokens cannot manage API tokens. Sign in to Tranche and use /settings/tokens.')
  if (!scopeAllows(caller.token.scope, method)) throw new EdgeError('TOKEN_SCOPE', 'This API token is read-only. Create a read-write token to make changes.')
}

async function parseInput(request: Request, spec: Spec<z.ZodType, z.ZodType, z.ZodType>, rawParams: unknown, isWrite: boolean) {
  const params: unknown = (spec.params ?? z.object({})).parse(rawParams)
  const query: unknown = spec.query ? spec.query.parse(queryOf(request)) : undefined
  const body: unknown = isWrite && spec.body ? spec.body.parse(await readJson(request)) : undefined
  const rawKey = request.headers.get('idempotency-key')
  const idempotencyKey = rawKey === null ? undefined : idempotencyKeyHeader.parse(rawKey)
  return { params, query, body, idempotencyKey }
}

/** The query string as an object; a repeated name becomes a list, so a schema expecting one value refuses it. */
function queryOf(request: Request): Record<string, string | string[]> {
  const search = new URL(request.url).searchParams
  return Object.fromEntries([...new Set(search.keys())].map((name) => {
    const values = search.getAll(name)
    return [name, values.length === 1 ? values[0]! : values]
  }))
}

/** The body as JSON; an empty body is `{}`. Anything else than JSON is refused before parsing. */
export async function readJson(request: Request): Promise<unknown> {
  const text = new TextDecoder().decode(await readBodyWithCap(request, MAX_BODY_BYTES))
  if (text.trim() === '') return {}
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw invalidInput('Send the request body as JSON (Content-Type: application/json).')
  }
  try {
    return JSON.parse(text)
  } catch {
    throw invalidInput('The request body is not valid JSON.')
  }
}
