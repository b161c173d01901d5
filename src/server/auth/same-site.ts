import 'server-only'
import { EdgeError, invalidInput } from '../errors'

/**
 * Refuses a state-changing request another site could have sent (CSRF, login CSRF). A browser
 * always sends Origin (or Sec-Fetch-Site) on a cross-site POST, and non-browser clients cannot be
 * tricked into one, so: a present Sec-Fetch-Site must say same-origin, and a present Origin must be
 * the app's (APP_URL's, or the one the request arrived at). With `requireProof` a request carrying
 * neither header is refused too: for routes only the app's own pages post to.
 */
export function assertSameOrigin(request: Request, appUrl: string, { requireProof = false }: { requireProof?: boolean } = {}): void {
  const fetchSite = request.headers.get('sec-fetch-site')
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') throw crossSite()
  const origin = request.headers.get('origin')
  if (origin === null) {
    if (requireProof && fetchSite !== 'same-origin') throw crossSite()
    return
  }
  const url = new URL(request.url)
  const allowed = new Set([new URL(appUrl).origin, url.origin])
  const host = request.headers.get('host')
  if (host) allowed.add(`${url.protocol}//${host}`)
  if (!allowed.has(origin)) throw crossSite()
}

/**
 * For JSON routes outside the API wrapper (sign out everywhere): the body must be JSON (a form on
 * another site cannot send that without a CORS preflight) and the request provably same-origin.
 */
export function assertSameSiteJsonRequest(request: Request, appUrl: string): void {
  const contentType = request.headers.get('content-type') ?? ''
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw invalidInput('Send the request as JSON (Content-Type: application/json).')
  }
  assertSameOrigin(request, appUrl, { requireProof: true })
}

function crossSite(): EdgeError {
  return new EdgeError('CROSS_SITE_REQUEST', 'This request must come from Tranche itself.')
}
