import 'server-only'
import { EdgeError, invalidInput } from '../errors'

/**
 * Refuses a state-changing request that another site could have sent: it must be JSON (a form on
 * another site cannot send that without a CORS preflight) and come from the app's own origin,
 * by `Origin` or, failing that, `Sec-Fetch-Site`. A request with neither header is refused.
 */
export function assertSameSiteJsonRequest(request: Request, appUrl: string): void {
  const contentType = request.headers.get('content-type') ?? ''
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw invalidInput('Send the request as JSON (Content-Type: application/json).')
  }
  const origin = request.headers.get('origin')
  const fetchSite = request.headers.get('sec-fetch-site')
  const sameOrigin = origin !== null ? origin === new URL(appUrl).origin : fetchSite === 'same-origin'
  if (!sameOrigin) throw new EdgeError('CROSS_SITE_REQUEST', 'This request must come from Tranche itself.')
}
