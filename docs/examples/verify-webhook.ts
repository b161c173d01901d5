import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * How a receiver checks a Tranche webhook (Standard Webhooks 1.0), with node:crypto alone. Written
 * from the specification, not from Tranche's sender, and used by Tranche's own tests to check what
 * the sender sends (docs/WEBHOOKS.md shows it to integrators).
 *
 * 1. Take the raw request body as received (bytes → UTF-8 text), before any JSON parsing.
 * 2. Refuse a `webhook-timestamp` more than 5 minutes away from your clock (a replayed capture).
 * 3. Sign "<webhook-id>.<webhook-timestamp>.<body>" with HMAC-SHA256, the key being the base64
 *    after `whsec_` in your secret, and compare in constant time with each `v1,<base64>` entry of
 *    the space-separated `webhook-signature` header (after a rotation there are two, for 24 hours).
 * 4. Deduplicate on `webhook-id`: a retry or a redelivery carries the same id.
 */

export const TOLERANCE_SECONDS = 5 * 60

export type VerifyInput = {
  /** Your endpoint's secret, `whsec_…`. */
  secret: string
  /** The request headers, names in lower case (as Node's IncomingMessage gives them). */
  headers: Record<string, string | string[] | undefined>
  /** The raw body, exactly as received. */
  body: string
  /** Your clock, in unix seconds. */
  nowSeconds?: number
}

export type VerifyResult = { ok: true; id: string; payload: unknown } | { ok: false; reason: string }

export function verifyWebhook({ secret, headers, body, nowSeconds = Math.floor(Date.now() / 1000) }: VerifyInput): VerifyResult {
  const header = (name: string) => {
    const value = headers[name]
    return Array.isArray(value) ? value[0] : value
  }
  const id = header('webhook-id')
  const timestamp = header('webhook-timestamp')
  const signatures = header('webhook-signature')
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing webhook headers' }
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'bad timestamp' }
  if (Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) return { ok: false, reason: 'timestamp outside the 5-minute tolerance' }

  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest()
  const matches = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',')
    if (version !== 'v1' || !signature) return false
    const given = Buffer.from(signature, 'base64')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
  if (!matches) return { ok: false, reason: 'no matching signature' }
  return { ok: true, id, payload: JSON.parse(body) }
}
