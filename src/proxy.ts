import { NextResponse, type NextRequest } from 'next/server'
import { contentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from '@/server/csp'
import { getEnv, isServedOverHttps } from '@/server/env'

/**
 * Next.js 16's proxy (formerly middleware), before every page: a fresh CSP nonce per request, on
 * the request (Next.js reads it from there to stamp its scripts) and on the response; HSTS when
 * the app is served over https (decided at run time: ALLOW_INSECURE_HTTP is not known at build).
 */
export function proxy(request: NextRequest) {
  const env = getEnv()
  const https = isServedOverHttps(env)
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
  const policy = contentSecurityPolicy({ nonce, dev: env.NODE_ENV === 'development', https })
  const headers = new Headers(request.headers)
  headers.set('content-security-policy', policy)
  const response = NextResponse.next({ request: { headers } })
  response.headers.set('Content-Security-Policy', policy)
  if (https) response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY)
  return response
}

export const config = {
  // Pages only: API routes answer JSON with a fixed policy (next.config.ts), and static assets need none.
  matcher: ['/((?!api(?:/|$)|_next/static|_next/image|favicon.ico).*)'],
}
