import { describe, expect, it, vi } from 'vitest'
import { MAX_WEBHOOKS_PER_USER } from '@/server/webhooks/endpoints'
import { describeWebhookApi, PUBLIC_URL } from '../../api-suites/webhooks'
import { callApi, createApiUser, inProcessApi } from './harness'

vi.mock('@/server/auth/session', () => import('./session-mock'))

// R23's API against the route handlers in-process; tests/http/webhooks.test.ts runs it over HTTP.
describeWebhookApi(inProcessApi)

describe('webhook limit (in-process: fresh users)', () => {
  it(`a user has at most ${MAX_WEBHOOKS_PER_USER} webhooks: the next is 409 WEBHOOK_LIMIT_REACHED`, async () => {
    const user = await createApiUser('Hooks')
    for (let i = 0; i < MAX_WEBHOOKS_PER_USER; i++) {
      expect((await callApi({ as: user, method: 'POST', path: '/api/webhooks', body: { url: `${PUBLIC_URL}/${i}` } })).status).toBe(201)
    }
    const refused = await callApi({ as: user, method: 'POST', path: '/api/webhooks', body: { url: PUBLIC_URL } })
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('WEBHOOK_LIMIT_REACHED')
  })
})
