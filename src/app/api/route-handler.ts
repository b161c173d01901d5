import { z } from 'zod'
import type { Actor } from '@/domain/types'
import { assertSameOrigin } from '@/server/auth/same-site'
import { getActor } from '@/server/auth/session'
import { requireContractMember } from '@/server/contracts/require-member'
import { getEnv } from '@/server/env'
import { EdgeError, invalidInput } from '@/server/errors'
import { toErrorResponse } from '@/server/http'
import { id } from './contracts/schemas'

type RouteContext = { params: Promise<Record<string, string | string[]>> }

type Handler<B, P> = (input: { actor: Actor; body: B; params: P; idempotencyKey: string | undefined }) => Promise<unknown>

/** Longest JSON body we read: a 500-milestone plan with long descriptions fits comfortably. */
const MAX_BODY_BYTES = 4 * 1024 * 1024

const idempotencyKeyHeader = z.string().trim().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'printable ASCII')

/**
 * The thin edge every API route uses: authenticate, refuse cross-site writes, parse params, body and
 * Idempotency-Key with zod, call one service, answer JSON. Every error becomes the API's error body
 * through `toErrorResponse`.
 */
export function route<B extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodObject>(
  spec: { body?: B; params?: P; status?: number },
  handler: Handler<z.infer<B>, z.infer<P>>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const actor = await getActor()
      if (!actor) throw new EdgeError('UNAUTHENTICATED', 'Sign in to continue.')
      const rawParams = (await context?.params) ?? {}
      const isWrite = request.method !== 'GET' && request.method !== 'HEAD'
      if (isWrite) assertSameOrigin(request, getEnv().APP_URL)
      const input = await parseInput(request, spec, rawParams, isWrite).catch(async (error: unknown) => {
        // Malformed input about a contract: an outsider still gets NOT_FOUND, never a 422 (and an
        // id the API's own schema refuses names no contract).
        if (error instanceof z.ZodError && typeof rawParams.id === 'string') {
          const contractId = id.safeParse(rawParams.id)
          await requireContractMember({ actor, contractId: contractId.success ? contractId.data : null })
        }
        throw error
      })
      const result = await handler({ actor: { userId: actor.userId }, ...(input as { body: z.infer<B>; params: z.infer<P>; idempotencyKey: string | undefined }) })
      return Response.json(result, { status: spec.status ?? 200, headers: { 'Cache-Control': 'no-store' } })
    } catch (error) {
      return toErrorResponse(error)
    }
  }
}

async function parseInput(request: Request, spec: { body?: z.ZodType; params?: z.ZodType }, rawParams: unknown, isWrite: boolean) {
  const params: unknown = (spec.params ?? z.object({})).parse(rawParams)
  const body: unknown = isWrite && spec.body ? spec.body.parse(await readJson(request)) : undefined
  const rawKey = request.headers.get('idempotency-key')
  const idempotencyKey = rawKey === null ? undefined : idempotencyKeyHeader.parse(rawKey)
  return { params, body, idempotencyKey }
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
