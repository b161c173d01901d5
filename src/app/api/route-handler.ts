import { z } from 'zod'
import type { Actor } from '@/domain/types'
import { getActor } from '@/server/auth/session'
import { requireContractMember } from '@/server/contracts/require-member'
import { getEnv } from '@/server/env'
import { EdgeError, invalidInput } from '@/server/errors'
import { toErrorResponse } from '@/server/http'
import { id } from './contracts/schemas'

type RouteContext = { params: Promise<Record<string, string | string[]>> }

type Handler<B, P, Q> = (input: { actor: Actor; body: B; params: P; query: Q; idempotencyKey: string | undefined }) => Promise<unknown>

/** Longest JSON body we read: a 500-milestone plan with long descriptions fits comfortably. */
const MAX_BODY_BYTES = 4 * 1024 * 1024

const idempotencyKeyHeader = z.string().trim().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'printable ASCII')

/**
 * The thin edge every API route uses: authenticate, refuse cross-site writes, parse params, query,
 * body and Idempotency-Key with zod, call one service, answer JSON (or the Response the handler
 * built, for a file download). Every error becomes the API's error body through `toErrorResponse`.
 */
export function route<B extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject>(
  spec: { body?: B; params?: P; query?: Q; status?: number },
  handler: Handler<z.infer<B>, z.infer<P>, z.infer<Q>>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const actor = await getActor()
      if (!actor) throw new EdgeError('UNAUTHENTICATED', 'Sign in to continue.')
      const rawParams = (await context?.params) ?? {}
      const isWrite = request.method !== 'GET' && request.method !== 'HEAD'
      if (isWrite) refuseCrossSite(request)
      const input = await parseInput(request, spec, rawParams, isWrite).catch(async (error: unknown) => {
        // Malformed input about a contract: an outsider still gets NOT_FOUND, never a 422 (and an
        // id the API's own schema refuses names no contract).
        if (error instanceof z.ZodError && typeof rawParams.id === 'string') {
          const contractId = id.safeParse(rawParams.id)
          await requireContractMember({ actor, contractId: contractId.success ? contractId.data : null })
        }
        throw error
      })
      const result = await handler({ actor: { userId: actor.userId }, ...(input as { body: z.infer<B>; params: z.infer<P>; query: z.infer<Q>; idempotencyKey: string | undefined }) })
      if (result instanceof Response) return result
      return Response.json(result, { status: spec.status ?? 200, headers: { 'Cache-Control': 'no-store' } })
    } catch (error) {
      return toErrorResponse(error)
    }
  }
}

async function parseInput(request: Request, spec: { body?: z.ZodType; params?: z.ZodType; query?: z.ZodType }, rawParams: unknown, isWrite: boolean) {
  const params: unknown = (spec.params ?? z.object({})).parse(rawParams)
  const query: unknown = spec.query ? spec.query.parse(queryOf(request)) : undefined
  const body: unknown = isWrite && spec.body ? spec.body.parse(await readJson(request)) : undefined
  const rawKey = request.headers.get('idempotency-key')
  const idempotencyKey = rawKey === null ? undefined : idempotencyKeyHeader.parse(rawKey)
  return { params, body, query, idempotencyKey }
}

/** The query string as an object; a repeated name becomes a list, so a schema expecting one value refuses it. */
function queryOf(request: Request): Record<string, string | string[]> {
  const search = new URL(request.url).searchParams
  return Object.fromEntries([...new Set(search.keys())].map((name) => {
    const values = search.getAll(name)
    return [name, values.length === 1 ? values[0]! : values]
  }))
}

/**
 * A browser always sends Origin (or Sec-Fetch-Site) on a cross-site POST; non-browser clients
 * cannot be tricked into one. So: a present Origin must be ours, and a present Sec-Fetch-Site
 * must say same-origin.
 */
function refuseCrossSite(request: Request): void {
  const fetchSite = request.headers.get('sec-fetch-site')
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw new EdgeError('CROSS_SITE_REQUEST', 'Cross-site requests are refused.')
  }
  const origin = request.headers.get('origin')
  if (origin === null) return
  const allowed = new Set([new URL(getEnv().APP_URL).origin, new URL(request.url).origin])
  const host = request.headers.get('host')
  if (host) allowed.add(`${new URL(request.url).protocol}//${host}`)
  if (!allowed.has(origin)) throw new EdgeError('CROSS_SITE_REQUEST', 'Cross-site requests are refused.')
}

/** The body as JSON; an empty body is `{}`. Anything else than JSON is refused before parsing. */
async function readJson(request: Request): Promise<unknown> {
  const text = await request.text()
  if (text.length > MAX_BODY_BYTES) throw invalidInput('The request body is too large.')
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
