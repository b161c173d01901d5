import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateWebhookSecret, signWebhook } from '@/server/webhooks/signature'
import { verifyWebhook } from '../../docs/examples/verify-webhook'

/**
 * The sender (standardwebhooks) against the verifier integrators are told to use
 * (docs/examples/verify-webhook.ts, node:crypto written from the spec): a bug the two shared
 * could not pass both this and the spec's own example.
 */

describe('Standard Webhooks signatures', () => {
  it("matches the specification's published example", () => {
    // From the Standard Webhooks spec (spec/standard-webhooks.md, "Signature scheme").
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const body = '{"test": 2432232314}'
    const headers = signWebhook({ eventId: 'msg_p5jXN8AQM9LWM0D4loKWxJek', sentAt: new Date(1614265330 * 1000), body, secrets: [secret] })
    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    })
    expect(verifyWebhook({ secret, headers, body, nowSeconds: 1614265330 }).ok).toBe(true)
  })

  it('a fresh secret is whsec_ and 32 random bytes', () => {
    const secret = generateWebhookSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32)
    expect(generateWebhookSecret()).not.toBe(secret)
  })

  it('the verifier refuses a changed body, a wrong secret, another id and a timestamp outside 5 minutes', () => {
    const secret = generateWebhookSecret()
    const body = JSON.stringify({ id: 'e1', type: 'MILESTONE_FUNDED' })
    const sentAt = new Date('2026-12-03T08:00:00Z')
    const now = Math.floor(sentAt.getTime() / 1000)
    const headers = signWebhook({ eventId: 'e1', sentAt, body, secrets: [secret] })
    expect(verifyWebhook({ secret, headers, body, nowSeconds: now })).toMatchObject({ ok: true, id: 'e1' })
    expect(verifyWebhook({ secret, headers, body: body.replace('e1', 'e2'), nowSeconds: now })).toMatchObject({ ok: false, reason: 'no matching signature' })
    expect(verifyWebhook({ secret: generateWebhookSecret(), headers, body, nowSeconds: now }).ok).toBe(false)
    expect(verifyWebhook({ secret, headers: { ...headers, 'webhook-id': 'e2' }, body, nowSeconds: now }).ok).toBe(false)
    expect(verifyWebhook({ secret, headers, body, nowSeconds: now + 300 }).ok).toBe(true)
    expect(verifyWebhook({ secret, headers, body, nowSeconds: now + 301 })).toMatchObject({ ok: false, reason: 'timestamp outside the 5-minute tolerance' })
    expect(verifyWebhook({ secret, headers, body, nowSeconds: now - 301 }).ok).toBe(false)
  })

  it('a replay with a fresh timestamp but the old signature is refused', () => {
    const secret = generateWebhookSecret()
    const body = '{"id":"e1"}'
    const old = signWebhook({ eventId: 'e1', sentAt: new Date('2026-12-03T08:00:00Z'), body, secrets: [secret] })
    const replayed = { ...old, 'webhook-timestamp': String(Math.floor(Date.parse('2026-12-03T09:00:00Z') / 1000)) }
    expect(verifyWebhook({ secret, headers: replayed, body, nowSeconds: Number(replayed['webhook-timestamp']) }).ok).toBe(false)
  })

  it('signs with every secret given, space-separated: a receiver with either secret accepts', () => {
    const [oldSecret, newSecret] = [generateWebhookSecret(), generateWebhookSecret()]
    const body = '{}'
    const sentAt = new Date('2026-12-03T08:00:00Z')
    const headers = signWebhook({ eventId: 'e9', sentAt, body, secrets: [newSecret, oldSecret] })
    const parts = headers['webhook-signature'].split(' ')
    expect(parts).toHaveLength(2)
    const hmac = (secret: string) => createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`e9.${headers['webhook-timestamp']}.${body}`).digest('base64')
    expect(parts).toEqual([`v1,${hmac(newSecret)}`, `v1,${hmac(oldSecret)}`])
    const now = Math.floor(sentAt.getTime() / 1000)
    expect(verifyWebhook({ secret: oldSecret, headers, body, nowSeconds: now }).ok).toBe(true)
    expect(verifyWebhook({ secret: newSecret, headers, body, nowSeconds: now }).ok).toBe(true)
  })
})
