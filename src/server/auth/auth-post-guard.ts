import 'server-only'
import type { Db } from '../db/client'
import { getClientIp } from '../client-address'
import { isServedOverHttps, type Env } from '../env'
import { invalidInput } from '../errors'
import { errorResponse, toErrorResponse } from '../http'
import { readBodyWithCap } from '../read-body'
import { assertSameOrigin } from './same-site'
import { limitSignIn } from './sign-in-rate-limit'

/** A sign-in form is an email, a CSRF token and a callback URL (at most 2,048 characters): 16 KB is ample. */
export const SIGN_IN_MAX_BODY_BYTES = 16 * 1024

type GuardEnv = Pick<Env, 'APP_URL' | 'NEXTAUTH_SECRET' | 'NODE_ENV' | 'ALLOW_INSECURE_HTTP'>

/**
 * What every POST to next-auth (/api/auth/[...nextauth]) passes before next-auth sees it, in this
 * order: next-auth's client-log endpoint is refused; the request must be same-origin (the
 * magic-link confirmation, which carries no CSRF token, must prove it); the body is read with a
 * byte cap and must parse; sign-in attempts are rate-limited. Returns the error response, or the
 * body it read, for next-auth to be handed a copy.
 */
export async function guardAuthPost(
  request: Request,
  segments: readonly string[],
  { db, env, clientIp = getClientIp(request.headers) }: { db: Db; env: GuardEnv; clientIp?: string },
): Promise<Response | { body: Uint8Array<ArrayBuffer> }> {
  const [action, provider] = segments
  // next-auth's client logger writes whatever it is sent into the server log (log injection).
  if (action === '_log') return errorResponse('NOT_FOUND', 'Not found.')
  try {
    assertSameOrigin(request, env.APP_URL, { requireProof: action === 'callback' && provider === 'email' })
    const body = await readBodyWithCap(request, SIGN_IN_MAX_BODY_BYTES)
    const fields = parseFields(body, request.headers.get('content-type'))
    const kind = action === 'signin' && provider === 'email' ? 'email' : action === 'callback' && provider === 'demo' ? 'demo' : null
    if (kind) {
      await limitSignIn(
        { kind, fields, clientIp, cookieHeader: request.headers.get('cookie') },
        { db, secret: env.NEXTAUTH_SECRET, secureCookies: isServedOverHttps(env) },
      )
    }
    return { body }
  } catch (error) {
    return toErrorResponse(error)
  }
}

/** The form as next-auth will read it (JSON or URL-encoded); JSON it could not parse is refused here, not a 500 there. */
function parseFields(body: Uint8Array<ArrayBuffer>, contentType: string | null): Record<string, unknown> {
  const text = new TextDecoder().decode(body)
  if (contentType?.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text)
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
    } catch {
      throw invalidInput('The request body is not valid JSON.')
    }
  }
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text))
  return {}
}
