import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { contractView, evidenceRecord } from '@/app/api/contracts/representations'
import { createdToken, tokenList } from '@/app/api/tokens/representations'
import { getDb } from '@/server/db/client'
import { createApiScenario, expectOk, milestone, stateOf, type ApiCall, type ApiClient, type Party, type Scenario } from './api-client'
import { pathOf, ROUTES } from './authorization'

/**
 * R22 over the API: the token routes (create, list, revoke, expiry limits), the authorization
 * matrix again with API tokens of both scopes instead of the session cookie, and hostile tokens:
 * malformed, unknown, expired, revoked, beside a valid cookie (never a fallback), trying to manage
 * tokens. Run in-process and over HTTP against the production build.
 */

const DAY = 86_400_000
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString()

/** Makes a token for `party` through POST /api/tokens with their session; answers the party acting with it. */
export async function withToken(api: ApiClient, party: Party, scope: 'read' | 'write', name = `${scope} ${randomUUID().slice(0, 8)}`): Promise<Party & { token: string; tokenId: string }> {
  const created = await expectOk(api.call({ as: party, method: 'POST', path: '/api/tokens', body: { name, scope, expiresAt: inDays(30) } }))
  return { ...party, cookie: undefined, token: created.token as string, tokenId: created.id as string }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const randomToken = () => `tr_${randomBytes(32).toString('base64url')}`

export function describeTokens(api: ApiClient) {
  describe(`API tokens (${api.kind})`, () => {
    describe('the token routes', () => {
      it('POST answers 201 with the token once; GET lists it without the token; only a hash is stored', async () => {
        const { client } = await api.parties()
        const expiresAt = inDays(90)
        const response = await api.call({ as: client, method: 'POST', path: '/api/tokens', body: { name: '  CI deploys ', scope: 'write', expiresAt } })
        expect(response.status, response.text).toBe(201)
        const created = createdToken.parse(response.body)
        expect(created).toMatchObject({ name: 'CI deploys', scope: 'write', expiresAt })
        expect(created.token).toMatch(/^tr_[A-Za-z0-9_-]{43}$/)

        const list = await api.call({ as: client, method: 'GET', path: '/api/tokens' })
        expect(list.status).toBe(200)
        const listed = tokenList.parse(list.body).tokens.find((t) => t.id === created.id)
        expect(listed).toEqual({ id: created.id, name: 'CI deploys', scope: 'write', expiresAt, createdAt: created.createdAt, lastUsedAt: null })
        expect(list.text).not.toContain(created.token)

        const row = await getDb().apiToken.findUniqueOrThrow({ where: { id: created.id } })
        expect(row.tokenHash).toBe(sha256(created.token))
        expect(JSON.stringify(row)).not.toContain(created.token.slice(3))
      })

      it('each token is new: two tokens never share a value', async () => {
        const { client } = await api.parties()
        const [a, b] = await Promise.all([withToken(api, client, 'read'), withToken(api, client, 'read')])
        expect(a.token).not.toBe(b.token)
      })

      it('refuses an expiry in the past, now, or more than a year ahead, and malformed bodies: 422 naming the field, nothing stored', async () => {
        const { client } = await api.parties()
        const before = await getDb().apiToken.count({ where: { userId: client.userId } })
        const cases: [unknown, string][] = [
          [{ name: 'x', scope: 'read', expiresAt: inDays(-1) }, 'expiresAt'],
          [{ name: 'x', scope: 'read', expiresAt: new Date(Date.now() - 1000).toISOString() }, 'expiresAt'],
          [{ name: 'x', scope: 'read', expiresAt: inDays(367) }, 'expiresAt'],
          [{ name: 'x', scope: 'read', expiresAt: '2027-01-01' }, 'expiresAt'],
          [{ name: 'x', scope: 'read', expiresAt: 'next week' }, 'expiresAt'],
          [{ name: 'x', scope: 'admin', expiresAt: inDays(7) }, 'scope'],
          [{ name: '   ', scope: 'read', expiresAt: inDays(7) }, 'name'],
          [{ name: 'x'.repeat(101), scope: 'read', expiresAt: inDays(7) }, 'name'],
          [{ name: 'a\u202eb', scope: 'read', expiresAt: inDays(7) }, 'name'],
          [{ scope: 'read', expiresAt: inDays(7) }, 'name'],
          [{ name: 'x', scope: 'read', expiresAt: inDays(7), userId: 'someone-else' }, ''],
        ]
        for (const [body, field] of cases) {
          const response = await api.call({ as: client, method: 'POST', path: '/api/tokens', body })
          expect([response.status, response.body?.error?.code], `${JSON.stringify(body)} → ${response.text}`).toEqual([422, 'VALIDATION_FAILED'])
          if (field) expect(Object.keys(response.body.error.details.fieldErrors), JSON.stringify(body)).toContain(field)
        }
        expect(await getDb().apiToken.count({ where: { userId: client.userId } })).toBe(before)
      })

      it('accepts the longest expiry, one year less a minute', async () => {
        const { client } = await api.parties()
        const longest = new Date()
        longest.setUTCFullYear(longest.getUTCFullYear() + 1)
        const response = await api.call({ as: client, method: 'POST', path: '/api/tokens', body: { name: 'A year', scope: 'read', expiresAt: new Date(longest.getTime() - 60_000).toISOString() } })
        expect(response.status, response.text).toBe(201)
      })

      it('DELETE revokes at once (204, gone from the list, its next request 401 TOKEN_REVOKED); again, or someone else’s, is 404', async () => {
        const { client, outsider } = await api.parties()
        const caller = await withToken(api, client, 'read')
        expect((await api.call({ as: caller, method: 'GET', path: '/api/contracts' })).status).toBe(200)
        const others = await withToken(api, outsider, 'read')

        const foreign = await api.call({ as: client, method: 'DELETE', path: `/api/tokens/${others.tokenId}` })
        expect([foreign.status, foreign.body?.error?.code]).toEqual([404, 'NOT_FOUND'])
        expect((await api.call({ as: others, method: 'GET', path: '/api/contracts' })).status).toBe(200)

        const revoked = await api.call({ as: client, method: 'DELETE', path: `/api/tokens/${caller.tokenId}` })
        expect([revoked.status, revoked.text]).toEqual([204, ''])
        const list = tokenList.parse((await api.call({ as: client, method: 'GET', path: '/api/tokens' })).body)
        expect(list.tokens.map((t) => t.id)).not.toContain(caller.tokenId)
        const after = await api.call({ as: caller, method: 'GET', path: '/api/contracts' })
        expect([after.status, after.body?.error?.code]).toEqual([401, 'TOKEN_REVOKED'])

        for (const tid of [caller.tokenId, randomUUID()]) {
          const again = await api.call({ as: client, method: 'DELETE', path: `/api/tokens/${tid}` })
          expect([again.status, again.body?.error?.code]).toEqual([404, 'NOT_FOUND'])
        }
      })

      it('anonymous: 401 on every token route', async () => {
        for (const [method, path] of [['GET', '/api/tokens'], ['POST', '/api/tokens'], ['DELETE', `/api/tokens/${randomUUID()}`]] as const) {
          const response = await api.call({ as: null, method, path, body: method === 'POST' ? { name: 'x', scope: 'write', expiresAt: inDays(1) } : undefined })
          expect([response.status, response.body?.error?.code], `${method} ${path}`).toEqual([401, 'UNAUTHENTICATED'])
        }
      })

      it('a token cannot manage tokens, whatever its scope: 403 TOKEN_SCOPE, nothing made or revoked', async () => {
        const { client } = await api.parties()
        const writer = await withToken(api, client, 'write')
        const reader = await withToken(api, client, 'read')
        const rows = async () => (await getDb().apiToken.findMany({ where: { userId: client.userId }, orderBy: { id: 'asc' } })).map(({ lastUsedAt: _used, ...row }) => row)
        const before = await rows()
        for (const caller of [writer, reader]) {
          for (const [method, path] of [['GET', '/api/tokens'], ['POST', '/api/tokens'], ['DELETE', `/api/tokens/${reader.tokenId}`]] as const) {
            const response = await api.call({ as: caller, method, path, body: method === 'POST' ? { name: 'More', scope: 'write', expiresAt: inDays(1) } : undefined })
            expect([response.status, response.body?.error?.code], `${caller.token.slice(0, 6)} ${method} ${path}`).toEqual([403, 'TOKEN_SCOPE'])
          }
        }
        expect(await rows()).toEqual(before)
      })

      it('records when a token was last used', async () => {
        const { client } = await api.parties()
        const caller = await withToken(api, client, 'read')
        const started = Date.now()
        expect((await api.call({ as: caller, method: 'GET', path: '/api/contracts' })).status).toBe(200)
        const listed = tokenList.parse((await api.call({ as: client, method: 'GET', path: '/api/tokens' })).body).tokens.find((t) => t.id === caller.tokenId)
        expect(listed?.lastUsedAt).not.toBeNull()
        expect(new Date(listed!.lastUsedAt!).getTime()).toBeGreaterThanOrEqual(started - 1000)
      })
    })

    describe('the authorization matrix with tokens', () => {
      let shared: Scenario
      beforeAll(async () => {
        shared = await createApiScenario(api)
      })

      for (const route of ROUTES) {
        const isRead = route.method === 'GET'
        const roles = route.allowed === 'CLIENT' || route.allowed === 'EXPERT' ? [route.allowed] : (['CLIENT', 'EXPERT'] as const)
        for (const role of roles) {
          it(`${route.method} ${route.pattern}: the ${role.toLowerCase()}’s write token acts as them`, async () => {
            const s = await createApiScenario(api)
            const prepared = (await route.prepare?.(s, role)) ?? {}
            const caller = await withToken(api, role === 'CLIENT' ? s.client : s.expert, 'write')
            // No Origin header: a script sends none, and a bearer request needs none.
            const response = await api.call({ as: caller, method: route.method, path: pathOf(route.pattern, { id: s.id, ...prepared }), body: prepared.body ?? route.body, headers: { origin: 'https://evil.example' } })
            const created = route.method === 'POST' && !route.pattern.includes(':id')
            expect(response.status, response.text).toBe(created ? 201 : 200)
            if (route.pattern.includes('/export')) expect(evidenceRecord.parse(response.body).contract.id).toBe(s.id)
            else if (route.pattern.includes(':id') && !route.pattern.endsWith('/activity')) expect(contractView.parse(response.body).role).toBe(role)
          })
        }

        it(`${route.method} ${route.pattern}: a read token ${isRead ? 'reads' : 'is refused 403 TOKEN_SCOPE, nothing changes'}`, async () => {
          const s = shared
          const role = roles[0]!
          const caller = await withToken(api, role === 'CLIENT' ? s.client : s.expert, 'read')
          const users = [s.client.userId, s.expert.userId]
          const before = await stateOf(s.id, users)
          const mid = contractView.parse((await s.api(s.client, 'GET')).body).milestones[0]!.id
          const response = await api.call({ as: caller, method: route.method, path: pathOf(route.pattern, { id: s.id, mid, rid: randomUUID() }), body: route.body ?? {} })
          if (isRead) expect(response.status, response.text).toBe(200)
          else expect([response.status, response.body?.error?.code], response.text).toEqual([403, 'TOKEN_SCOPE'])
          expect(await stateOf(s.id, users)).toEqual(before)
        })
      }

      it('an outsider’s token sees none of the contract: 404 to read and to write', async () => {
        const outsider = await withToken(api, shared.outsider, 'write')
        for (const [method, sub] of [['GET', ''], ['GET', '/activity'], ['POST', '/close']] as const) {
          const response = await shared.api(outsider, method, sub, method === 'POST' ? {} : undefined)
          expect([response.status, response.body?.error?.code], `${method} ${sub}`).toEqual([404, 'NOT_FOUND'])
        }
      })
    })

    describe('hostile tokens', () => {
      let s: Scenario
      let users: string[]
      beforeAll(async () => {
        s = await createApiScenario(api, [milestone('A'), milestone('B')])
        users = [s.client.userId, s.expert.userId]
      })

      async function expectRefused(call: ApiCall, expected: [number, string]) {
        const before = await stateOf(s.id, users)
        const response = await api.call(call)
        expect([response.status, response.body?.error?.code], `${call.method} ${call.path} ${JSON.stringify(call.headers)} → ${response.text.slice(0, 200)}`).toEqual(expected)
        expect(typeof response.body.error.message).toBe('string')
        expect(await stateOf(s.id, users)).toEqual(before)
      }

      const fund = () => `/api/contracts/${s.id}/milestones/${s.contract.milestones[0].id}/fund`

      it('a malformed or unknown bearer token is 401 TOKEN_INVALID, even beside a valid session cookie (no fallback)', async () => {
        const valid = await withToken(api, s.client, 'write')
        const headers = [
          'Bearer',
          'Bearer ',
          'Bearer tr_',
          'Bearer tr_short',
          `Bearer ${randomToken()}`,
          `Bearer ${valid.token}x`,
          `Bearer ${valid.token.slice(0, -1)}`,
          `Bearer ${valid.token.replace('tr_', 'TR_')}`,
          `Bearer ${valid.token} ${valid.token}`,
          `Bearer ${valid.token.slice(3)}`,
          `Bearer ${sha256(valid.token)}`,
          `Bearer ${'tr_'.padEnd(4000, 'A')}`,
          'Bearer tr_\u00e9\u00e9\u00e9',
          `Bearer "${valid.token}"`,
        ]
        for (const authorization of headers) {
          // The client's own session cookie rides along: it must not rescue a bad token.
          await expectRefused({ as: s.client, method: 'POST', path: fund(), headers: { authorization } }, [401, 'TOKEN_INVALID'])
          await expectRefused({ as: s.client, method: 'GET', path: `/api/contracts/${s.id}`, headers: { authorization } }, [401, 'TOKEN_INVALID'])
        }
      })

      it('an expired token is 401 TOKEN_EXPIRED, a revoked one 401 TOKEN_REVOKED, with or without a valid cookie', async () => {
        const expired = await withToken(api, s.client, 'write')
        await getDb().apiToken.updateMany({ where: { id: expired.tokenId }, data: { createdAt: new Date(Date.now() - 2 * DAY), expiresAt: new Date(Date.now() - 1000) } })
        const revoked = await withToken(api, s.client, 'write')
        await expectOk(api.call({ as: s.client, method: 'DELETE', path: `/api/tokens/${revoked.tokenId}` }))
        for (const [dead, code] of [[expired, 'TOKEN_EXPIRED'], [revoked, 'TOKEN_REVOKED']] as const) {
          await expectRefused({ as: dead, method: 'POST', path: fund() }, [401, code])
          await expectRefused({ as: dead, method: 'GET', path: `/api/contracts/${s.id}` }, [401, code])
          await expectRefused({ as: s.client, method: 'POST', path: fund(), headers: { authorization: `Bearer ${dead.token}` } }, [401, code])
        }
        // A refused token's "last used" does not move.
        const rows = await getDb().apiToken.findMany({ where: { id: { in: [expired.tokenId, revoked.tokenId] } } })
        expect(rows.map((r) => r.lastUsedAt)).toEqual([null, null])
      })

      it('another scheme than Bearer is not a token: the cookie decides (a Basic-auth proxy in front does not break the pages)', async () => {
        const response = await api.call({ as: s.client, method: 'GET', path: `/api/contracts/${s.id}`, headers: { authorization: 'Basic dXNlcjpwYXNz' } })
        expect(response.status).toBe(200)
        await expectRefused({ as: null, method: 'GET', path: `/api/contracts/${s.id}`, headers: { authorization: 'Basic dXNlcjpwYXNz' } }, [401, 'UNAUTHENTICATED'])
      })

      it('the scheme is case-insensitive; a bearer write needs no Origin, and a cookie write from another site is still refused', async () => {
        const caller = await withToken(api, s.expert, 'read')
        const lower = await api.call({ as: null, method: 'GET', path: `/api/contracts/${s.id}`, headers: { authorization: `bearer ${caller.token}` } })
        expect([lower.status, lower.body?.role]).toEqual([200, 'EXPERT'])
        await expectRefused({ as: s.client, method: 'POST', path: fund(), headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } }, [403, 'CROSS_SITE_REQUEST'])
        const writer = await withToken(api, s.client, 'write')
        const funded = await api.call({ as: writer, method: 'POST', path: fund(), headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } })
        expect(funded.status, funded.text).toBe(200)
        expect(contractView.parse(funded.body).milestones[0]!.state).toBe('FUNDED')
      })
    })
  })
}
