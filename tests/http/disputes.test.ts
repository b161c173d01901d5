import { describe, expect, it } from 'vitest'
import { DEMO_OPERATOR } from '@/server/auth/demo-accounts'
import { getDb } from '@/server/db/client'
import { describeDisputes } from '../api-suites/disputes'
import { HTTP_BASE, httpApi, signIn } from './http-client'
import { rawHttp } from './raw-http'

// R21 against the production build over real HTTP, as the demo accounts and the demo's operator.
describeDisputes(httpApi)

describe('operator pages over HTTP', () => {
  it('404 for every signed-in non-operator, sign-in for anonymous, the page for the operator', async () => {
    const seeded = await getDb().dispute.findFirstOrThrow({ where: { status: 'ESCALATED' } })
    const { client, expert, outsider } = await httpApi.parties()
    const operator = await signIn(DEMO_OPERATOR)
    for (const path of ['/operator/disputes', `/operator/disputes/${seeded.id}`]) {
      const get = (cookie?: string) => rawHttp(HTTP_BASE, { method: 'GET', path, headers: cookie ? { cookie } : {} })
      for (const party of [client, expert, outsider]) expect((await get(party.cookie)).status, `${path} as ${party.email}`).toBe(404)
      const anonymous = await get()
      expect(anonymous.status).toBe(307)
      expect(anonymous.headers.get('location')).toContain('/signin?callbackUrl=')
      const page = await get(operator.cookie)
      expect(page.status, path).toBe(200)
      expect(page.text).toContain(path.endsWith('disputes') ? 'Escalated disputes' : 'Statements and offers')
    }
    expect((await rawHttp(HTTP_BASE, { method: 'GET', path: '/operator/disputes/no-such-dispute', headers: { cookie: operator.cookie! } })).status).toBe(404)
  })
})
