import { describe, expect, it } from 'vitest'
import { describeWebhookApi } from '../api-suites/webhooks'
import { HTTP_BASE, httpApi } from './http-client'
import { rawHttp } from './raw-http'

// R23's API against the production build over real HTTP, as the demo accounts.
describeWebhookApi(httpApi)

describe('settings pages over HTTP', () => {
  it('send a signed-out visitor to sign in, and back to the page they asked for', async () => {
    for (const path of ['/settings/tokens', '/settings/webhooks']) {
      const anonymous = await rawHttp(HTTP_BASE, { method: 'GET', path, headers: {} })
      expect(anonymous.status, path).toBe(307)
      expect(anonymous.headers.get('location'), path).toBe(`/signin?${new URLSearchParams({ callbackUrl: path })}`)
    }
  })
})
