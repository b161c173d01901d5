import { createRequire } from 'node:module'
import path from 'node:path'
import type { NextAuthOptions } from 'next-auth'

type InternalCookie = { name: string; value: string; options: { maxAge?: number; expires?: Date; httpOnly?: boolean; sameSite?: string } }
type InternalResponse = { status?: number; body?: unknown; redirect?: string; cookies?: InternalCookie[] }
type AuthHandler = (params: { req: Request; options: NextAuthOptions }) => Promise<InternalResponse>

// next-auth 4 does not export its core handler; the route handler in next-auth/next calls exactly this.
const { AuthHandler } = createRequire(import.meta.url)(path.resolve('node_modules/next-auth/core/index.js')) as { AuthHandler: AuthHandler }

/** A browser's cookie jar in front of next-auth's core handler, on `appUrl`. */
export function createBrowser(options: NextAuthOptions, appUrl: string) {
  const jar = new Map<string, string>()
  async function send(pathAndQuery: string, form?: Record<string, string>): Promise<InternalResponse> {
    const headers: Record<string, string> = { cookie: cookieHeader() }
    // The core reads a web Request's body as JSON; next-auth/next's route handler parses the form
    // the browser sends into the same object before calling it.
    if (form) headers['content-type'] = 'application/json'
    const req = new Request(`${appUrl}${pathAndQuery}`, { method: form ? 'POST' : 'GET', headers, body: form ? JSON.stringify(form) : undefined })
    const response = await AuthHandler({ req, options })
    for (const cookie of response.cookies ?? []) {
      const expired = cookie.options.maxAge === 0 || (cookie.options.expires && cookie.options.expires.getTime() <= Date.now()) || cookie.value === ''
      if (expired) jar.delete(cookie.name)
      else jar.set(cookie.name, cookie.value)
    }
    return response
  }
  /** The Cookie header this browser sends, values URL-encoded as a real browser holds them. */
  function cookieHeader(): string {
    return [...jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ')
  }
  return {
    jar,
    send,
    cookieHeader,
    async csrfToken() {
      return ((await send('/api/auth/csrf')).body as { csrfToken: string }).csrfToken
    },
    async session() {
      return (await send('/api/auth/session')).body as { user?: { id: string; email: string } }
    },
  }
}
