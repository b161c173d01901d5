import 'server-only'
import http from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import type { ResolvedAddress } from './url-policy'

/**
 * One HTTP POST of a webhook, to the address the SSRF guard checked: the socket goes to
 * `address`, while the Host header and TLS (SNI and certificate check) use the URL's host name, so
 * a second DNS answer is never asked for. Redirects are not followed (a 3xx is a failed attempt:
 * following one would leave the checked address). No proxy, no connection reuse.
 */

/** A receiver gets this long to answer (connect, TLS, headers and the start of the body). */
export const SEND_TIMEOUT_MS = 10_000
/** Only this much of a response body is kept, for the delivery log. */
export const EXCERPT_CHARS = 256
/** Bytes read from a response before the connection is dropped: enough for the excerpt. */
const READ_LIMIT_BYTES = 4 * EXCERPT_CHARS

export type SendResult = {
  /** A 2xx answer: delivered. */
  ok: boolean
  /** The HTTP status, or null when there was no answer (refused, reset, timed out). */
  responseCode: number | null
  durationMs: number
  /** The start of the response body, or why there was no answer. */
  excerpt: string | null
  error: string | null
}

export type SendRequest = { url: URL; address: ResolvedAddress; headers: Record<string, string>; body: string; timeoutMs?: number }

export function sendWebhookRequest({ url, address, headers, body, timeoutMs = SEND_TIMEOUT_MS }: SendRequest): Promise<SendResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const isHttps = url.protocol === 'https:'
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const options: https.RequestOptions = {
    method: 'POST',
    host: address.address,
    family: address.family,
    port: url.port ? Number(url.port) : isHttps ? 443 : 80,
    path: `${url.pathname}${url.search}`,
    agent: false,
    headers: {
      ...headers,
      host: url.host,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'Tranche-Webhooks/1.0',
    },
    // TLS names the host, not the address, so the certificate is checked against the URL.
    ...(isHttps && isIP(hostname) === 0 ? { servername: hostname } : {}),
  }
  return new Promise((resolve) => {
    let settled = false
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...result, durationMs: elapsed() })
    }
    const request = (isHttps ? https : http).request(options, (response) => {
      const chunks: Buffer[] = []
      let read = 0
      const done = () => {
        // PostgreSQL text cannot hold NUL: a receiver answering one must not fail the attempt's record.
        const text = Buffer.concat(chunks).toString('utf8').replaceAll('\u0000', '').slice(0, EXCERPT_CHARS)
        const code = response.statusCode ?? 0
        finish({ ok: code >= 200 && code < 300, responseCode: code, excerpt: text === '' ? null : text, error: code >= 200 && code < 300 ? null : `HTTP ${code}` })
        response.destroy()
      }
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        read += chunk.length
        if (read >= READ_LIMIT_BYTES) done()
      })
      response.on('end', done)
      response.on('error', done)
    })
    const timer = setTimeout(() => {
      finish({ ok: false, responseCode: null, excerpt: null, error: `No answer within ${timeoutMs / 1000} s` })
      request.destroy()
    }, timeoutMs)
    request.on('error', (error) => finish({ ok: false, responseCode: null, excerpt: null, error: describeError(error) }))
    request.end(body)
  })
}

function describeError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code
  return (code ? `${code}: ${error.message}` : error.message).slice(0, 300)
}
