import 'server-only'
import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

/**
 * Standard Webhooks 1.0 signing with the spec's own package (`standardwebhooks`): the signature is
 * `v1,` + base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")), the key being the
 * base64 after `whsec_`. Several signatures (old and new secret after a rotation) are separated by
 * spaces in one header, as the spec allows.
 */

/** `whsec_` + 32 random bytes in base64 (the spec asks for 24 to 64 bytes). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

export type SignedHeaders = { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string }

/** The three Standard Webhooks headers for one attempt at `sentAt`, signed with each of `secrets`. */
export function signWebhook({ eventId, sentAt, body, secrets }: { eventId: string; sentAt: Date; body: string; secrets: readonly string[] }): SignedHeaders {
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(eventId, sentAt, body)).join(' '),
  }
}
