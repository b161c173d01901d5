import 'server-only'

/**
 * The Content-Security-Policy of every page, made per request by src/proxy.ts.
 *
 * Scripts run only with this response's nonce ('strict-dynamic' lets those load the chunks they
 * import): no 'unsafe-inline', so injected markup cannot run script. Next.js reads the nonce from
 * this header on the request and puts it on every script it renders, which is why every page is
 * rendered per request (the root layout opts out of static rendering). Styles keep
 * 'unsafe-inline': dnd-kit positions dragged rows with style attributes, and a nonce cannot cover
 * attributes (a nonce in style-src would also switch 'unsafe-inline' off).
 */
export function contentSecurityPolicy({ nonce, dev, https }: { nonce: string; dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // Next's dev server needs eval for fast refresh and error overlays; production does not.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ')
}

/** Two years, subdomains included: only sent when the app is served over https. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains'
