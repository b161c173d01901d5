import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { captureSecurityLog } from '@/server/security-log'
import { APP_ORIGIN, callApi, createApiScenario } from './harness'

vi.mock('@/server/auth/session', () => import('./session-mock'))

// Refused authorization on the API is written as one JSON security event per refusal: who (user
// id, or null when anonymous), what (method, path without the query), how it ended (status, code).

let log: ReturnType<typeof captureSecurityLog>
beforeEach(() => {
  log = captureSecurityLog()
})
afterEach(() => log.restore())

const refusals = () => log.events().filter((e) => e.event === 'authz.refused')

describe('refused authorization is logged', () => {
  it('401 for the anonymous, 404 for an outsider, 403 for the wrong role and for a cross-site write', async () => {
    const s = await createApiScenario()
    log.lines.length = 0
    await s.api(null, 'GET')
    await s.api(s.outsider, 'GET')
    await s.api(s.expert, 'PUT', '/milestones', { baseVersion: 1, milestones: [] })
    await callApi({ as: s.client, method: 'POST', path: `/api/contracts/${s.id}/close`, body: {}, headers: { origin: 'https://evil.example' } })
    expect(refusals()).toEqual([
      expect.objectContaining({ level: 'warn', status: 401, code: 'UNAUTHENTICATED', userId: null, method: 'GET', path: `/api/contracts/${s.id}` }),
      expect.objectContaining({ status: 404, code: 'NOT_FOUND', userId: s.outsider.userId, method: 'GET' }),
      expect.objectContaining({ status: 403, code: 'FORBIDDEN_FOR_ROLE', userId: s.expert.userId, method: 'PUT', path: `/api/contracts/${s.id}/milestones` }),
      expect.objectContaining({ status: 403, code: 'CROSS_SITE_REQUEST', userId: s.client.userId, method: 'POST' }),
    ])
  })

  it('logs no query string, body or header values', async () => {
    const s = await createApiScenario()
    log.lines.length = 0
    await callApi({ as: s.outsider, method: 'GET', path: `/api/contracts/${s.id}/activity?secret=query-value`, headers: { cookie: 'next-auth.session-token=cookie-value', origin: APP_ORIGIN } })
    expect(refusals()).toHaveLength(1)
    expect(log.lines.join('')).not.toMatch(/query-value|cookie-value/)
  })

  it('a successful call logs nothing', async () => {
    const s = await createApiScenario()
    log.lines.length = 0
    await s.api(s.client, 'GET')
    expect(log.lines).toEqual([])
  })
})
