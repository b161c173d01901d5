import { afterAll, describe, expect, it } from 'vitest'
import { deliveryList, rotatedSecret, webhookCreated, webhookList, webhookView } from '@/app/api/webhooks/representations'
import { WEBHOOK_EVENT_TYPES } from '@/domain/webhooks'
import { createApiScenario, expectOk, type ApiClient, type Party } from './api-client'

/**
 * R23's API (PRODUCT.md, "Part 2 API" and "Answers of the Part 2 routes"), in-process and over
 * HTTP. Endpoints registered here point at a public address literal (no DNS needed) and are
 * deleted at the end, so the demo accounts the HTTP run shares keep none. WEBHOOK_ALLOW_PRIVATE
 * is off in both runs: private, loopback and link-local URLs are refused.
 */
export const PUBLIC_URL = 'https://93.184.216.34/tranche-hook'

export function describeWebhookApi(apiClient: ApiClient) {
  describe(`webhooks API (${apiClient.kind})`, () => {
    const created: { as: Party; id: string }[] = []
    const call = (as: Party | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path = '', body?: unknown, headers?: Record<string, string>) =>
      apiClient.call({ as, method, path: `/api/webhooks${path}`, body, headers })
    async function register(as: Party, body: Record<string, unknown> = { url: PUBLIC_URL }) {
      const response = await call(as, 'POST', '', body)
      expect(response.status, response.text).toBe(201)
      created.push({ as, id: response.body.id })
      return webhookCreated.parse(response.body)
    }
    afterAll(async () => {
      for (const { as, id } of created) await call(as, 'DELETE', `/${id}`)
    })

    it('POST answers 201 {id, url, events, enabled, createdAt, secret}; GET lists it without the secret', async () => {
      const { client } = await apiClient.parties()
      const webhook = await register(client)
      expect(Object.keys(webhook).sort()).toEqual(['createdAt', 'enabled', 'events', 'id', 'secret', 'url'])
      expect(webhook).toMatchObject({ url: PUBLIC_URL, events: null, enabled: true })
      expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
      const list = await call(client, 'GET')
      expect(list.status).toBe(200)
      expect(list.headers.get('cache-control')).toBe('no-store')
      const listed = webhookList.parse(list.body).webhooks.find((w) => w.id === webhook.id)
      expect(listed).toEqual({ id: webhook.id, url: PUBLIC_URL, events: null, enabled: true, createdAt: webhook.createdAt })
      expect(list.text).not.toContain(webhook.secret)
    })

    it('keeps a chosen list of event types in the canonical order, without repeats', async () => {
      const { client } = await apiClient.parties()
      const webhook = await register(client, { url: PUBLIC_URL, events: ['PAYMENT_RELEASED', 'MILESTONE_FUNDED', 'PAYMENT_RELEASED'] })
      expect(webhook.events).toEqual(['MILESTONE_FUNDED', 'PAYMENT_RELEASED'])
    })

    it.each([
      [{ url: PUBLIC_URL, events: ['MILESTONE_EXPLODED'] }, 'events'],
      [{ url: PUBLIC_URL, events: [] }, 'events'],
      [{ url: PUBLIC_URL, events: 'MILESTONE_FUNDED' }, 'events'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'ftp://93.184.216.34/' }, 'url'],
      [{}, 'url'],
      [{ url: PUBLIC_URL, secret: 'whsec_mine' }, null],
    ])('refuses %j with 422 VALIDATION_FAILED', async (body, field) => {
      const { client } = await apiClient.parties()
      const response = await call(client, 'POST', '', body)
      expect(response.status, response.text).toBe(422)
      expect(response.body.error.code).toBe('VALIDATION_FAILED')
      if (field) expect(response.body.error.details.fieldErrors).toHaveProperty(field)
    })

    it.each([
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://10.0.0.1/hook',
      'https://172.16.5.4/hook',
      'https://192.168.1.10/hook',
      'https://[fc00::5]/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[fe80::1]/hook',
      'https://localhost/hook',
      'http://93.184.216.34/hook',
    ])('refuses %s (SSRF guard, or not https) with 422 naming the url, and stores nothing', async (url) => {
      const { client } = await apiClient.parties()
      const before = webhookList.parse((await call(client, 'GET')).body).webhooks.length
      const response = await call(client, 'POST', '', { url })
      expect(response.status, response.text).toBe(422)
      expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fieldErrors: { url: [expect.any(String)] } } })
      expect(webhookList.parse((await call(client, 'GET')).body).webhooks).toHaveLength(before)
    })

    it('PATCH changes the URL, the event types and turns it off and on; DELETE answers 204', async () => {
      const { client } = await apiClient.parties()
      const webhook = await register(client)
      const patched = await call(client, 'PATCH', `/${webhook.id}`, { url: 'https://93.184.216.35/other', events: ['CONTRACT_CLOSED'], enabled: false })
      expect(patched.status, patched.text).toBe(200)
      expect(webhookView.parse(patched.body)).toEqual({ id: webhook.id, url: 'https://93.184.216.35/other', events: ['CONTRACT_CLOSED'], enabled: false, createdAt: webhook.createdAt })
      const back = await expectOk(call(client, 'PATCH', `/${webhook.id}`, { events: null, enabled: true }))
      expect(back).toMatchObject({ events: null, enabled: true })
      expect((await call(client, 'PATCH', `/${webhook.id}`, { url: 'https://10.0.0.1/' })).status).toBe(422)
      expect((await call(client, 'PATCH', `/${webhook.id}`, { enabled: 'yes' })).status).toBe(422)
      const deleted = await call(client, 'DELETE', `/${webhook.id}`)
      expect(deleted.status).toBe(204)
      expect(deleted.text).toBe('')
      expect(webhookList.parse((await call(client, 'GET')).body).webhooks.map((w) => w.id)).not.toContain(webhook.id)
      expect((await call(client, 'DELETE', `/${webhook.id}`)).status).toBe(404)
    })

    it('rotate-secret answers a new {secret}, shown once', async () => {
      const { client } = await apiClient.parties()
      const webhook = await register(client)
      const rotated = await call(client, 'POST', `/${webhook.id}/rotate-secret`)
      expect(rotated.status, rotated.text).toBe(200)
      const { secret } = rotatedSecret.parse(rotated.body)
      expect(secret).not.toBe(webhook.secret)
      expect((await call(client, 'GET')).text).not.toContain(secret)
    })

    it('a contract event becomes a delivery in the log, which can be redelivered', async () => {
      const { client, id, contract, api } = await createApiScenario(apiClient)
      const webhook = await register(client, { url: PUBLIC_URL, events: ['MILESTONE_FUNDED'] })
      await expectOk(api(client, 'POST', `/milestones/${contract.milestones[0].id}/fund`))
      const log = await call(client, 'GET', `/${webhook.id}/deliveries`)
      expect(log.status, log.text).toBe(200)
      const { deliveries } = deliveryList.parse(log.body)
      expect(deliveries).toHaveLength(1)
      const [delivery] = deliveries
      expect(delivery).toMatchObject({ type: 'MILESTONE_FUNDED', status: 'PENDING' })
      const activity = await expectOk(api(client, 'GET', '/activity'))
      expect(activity.events.find((e: { type: string }) => e.type === 'MILESTONE_FUNDED').id).toBe(delivery!.eventId)
      expect(id).toBeTruthy()
      const again = await call(client, 'POST', `/${webhook.id}/deliveries/${delivery!.id}/redeliver`)
      expect(again.status, again.text).toBe(200)
      expect(again.body).toMatchObject({ id: delivery!.id, eventId: delivery!.eventId })
      expect((await call(client, 'POST', `/${webhook.id}/deliveries/no-such-delivery/redeliver`)).status).toBe(404)
    })

    it('another user’s webhook is 404 on every route, and stays as it was; anonymous is 401', async () => {
      const { client, outsider } = await apiClient.parties()
      const webhook = await register(client)
      for (const [method, path, body] of [
        ['PATCH', `/${webhook.id}`, { enabled: false }],
        ['DELETE', `/${webhook.id}`, undefined],
        ['POST', `/${webhook.id}/rotate-secret`, undefined],
        ['GET', `/${webhook.id}/deliveries`, undefined],
        ['POST', `/${webhook.id}/deliveries/x/redeliver`, undefined],
      ] as const) {
        const response = await call(outsider, method, path, body)
        expect(response.status, `${method} ${path}: ${response.text}`).toBe(404)
        expect(response.body.error.code).toBe('NOT_FOUND')
        expect((await call(null, method, path, body)).status, `${method} ${path} anonymous`).toBe(401)
      }
      expect(webhookList.parse((await call(outsider, 'GET')).body).webhooks.map((w) => w.id)).not.toContain(webhook.id)
      expect(webhookList.parse((await call(client, 'GET')).body).webhooks.find((w) => w.id === webhook.id)).toMatchObject({ enabled: true })
      expect((await call(null, 'GET')).status).toBe(401)
      expect((await call(null, 'POST', '', { url: PUBLIC_URL })).status).toBe(401)
    })

    it('refuses a cross-site registration (403 CROSS_SITE_REQUEST)', async () => {
      const { client } = await apiClient.parties()
      const response = await call(client, 'POST', '', { url: PUBLIC_URL }, { origin: 'https://evil.example' })
      expect(response.status).toBe(403)
      expect(response.body.error.code).toBe('CROSS_SITE_REQUEST')
    })

    it('accepts every activity event type by name', async () => {
      const { client } = await apiClient.parties()
      const webhook = await register(client, { url: PUBLIC_URL, events: [...WEBHOOK_EVENT_TYPES] })
      expect(webhook.events).toEqual([...WEBHOOK_EVENT_TYPES])
    })
  })
}
