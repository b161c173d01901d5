import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Cents } from '@/domain/money'
import { contractView, evidenceRecord } from '@/app/api/contracts/representations'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { proposeChanges } from '@/server/contracts/propose-changes'
import { createContractScenario, entry } from '../factories'
import { createApiScenario, expectOk, milestone, snapshot, stateOf, type ApiCall, type ApiClient, type Party, type Scenario } from './api-client'

/**
 * The authorization matrix: every route × {anonymous, outsider, client, expert} × {own ids,
 * another contract's ids, the own contract with another contract's milestone or request id,
 * unknown ids} → 401 anonymous, 404 outsiders and unknown or foreign ids, 403 the wrong role,
 * success for the right role. After every refusal both contracts read exactly as before, and no
 * ledger, outbox, activity or idempotency row appeared. Run in-process and over HTTP.
 */

type Who = 'anonymous' | 'outsider' | 'client' | 'expert'
type Role = 'CLIENT' | 'EXPERT'
type Ids = { id: string; mid: string; rid: string; eid?: string }

export type RouteSpec = {
  method: ApiCall['method']
  pattern: string
  /** Who may call it: one role, either member, or anyone signed in (the collection routes). */
  allowed: Role | 'MEMBER' | 'ANYONE'
  body?: unknown
  /** What the right role gets for the own contract with a child id that is not the contract's. */
  foreignChild?: { status: number; code: string }
  /** Drives a fresh contract to where the right role's call succeeds; returns the ids and body to use. */
  prepare?: (s: Scenario, role: Role) => Promise<Partial<Ids> & { body?: unknown }>
}

const fundFirst = async (s: Scenario) => {
  const view = contractView.parse((await s.api(s.client, 'GET')).body)
  const mid = view.milestones[0]!.id
  await expectOk(s.api(s.client, 'POST', `/milestones/${mid}/fund`))
  return mid
}
const submitFirst = async (s: Scenario) => {
  const mid = await fundFirst(s)
  await expectOk(s.api(s.expert, 'POST', `/milestones/${mid}/submit`, { message: 'Done' }))
  return mid
}
/** R17 needs a due date: the first milestone gets one before it is funded. */
const fundWithDueDate = async (s: Scenario) => {
  const view = contractView.parse((await s.api(s.client, 'GET')).body)
  const plan = view.milestones.map((m, i) => ({ id: m.id, title: m.title, amountCents: m.amountCents, dueDate: i === 0 ? '2099-01-31' : m.dueDate }))
  await expectOk(s.api(s.client, 'PUT', '/milestones', { baseVersion: view.planVersion, milestones: plan }))
  return fundFirst(s)
}
const askExtension = async (s: Scenario) => {
  const mid = await fundWithDueDate(s)
  const asked = await expectOk(s.api(s.expert, 'POST', `/milestones/${mid}/extension-requests`, { days: 3, reason: 'Waiting for assets' }))
  return asked.milestones[0].extensionRequest.id as string
}
const propose = async (s: Scenario) => {
  const view = contractView.parse((await s.api(s.client, 'GET')).body)
  const upcoming = view.milestones.filter((m) => m.state === 'UPCOMING').map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents }))
  const proposed = await expectOk(s.api(s.expert, 'POST', '/change-requests', { baseVersion: view.planVersion, message: 'One more', milestones: [...upcoming, milestone('Extra')] }))
  return proposed.changeRequest.id as string
}

/** Every route of PRODUCT.md's API table, who may call it, and how to get a contract to where it succeeds. */
export const ROUTES: RouteSpec[] = [
  { method: 'GET', pattern: '/api/contracts', allowed: 'ANYONE' },
  { method: 'POST', pattern: '/api/contracts', allowed: 'ANYONE', prepare: async (s, role) => ({ body: { title: 'New', expertEmail: role === 'CLIENT' ? s.expert.email : s.client.email, milestones: [milestone('One')] } }) },
  { method: 'GET', pattern: '/api/contracts/:id', allowed: 'MEMBER' },
  {
    method: 'PUT', pattern: '/api/contracts/:id/milestones', allowed: 'CLIENT', body: { baseVersion: 1, milestones: [] },
    prepare: async () => ({ body: { baseVersion: 1, milestones: [milestone('Only this')] } }),
  },
  {
    method: 'POST', pattern: '/api/contracts/:id/change-requests', allowed: 'EXPERT', body: { baseVersion: 1, message: 'x', milestones: [] },
    prepare: async () => ({ body: { baseVersion: 1, message: 'Smaller', milestones: [milestone('Only this')] } }),
  },
  {
    method: 'POST', pattern: '/api/contracts/:id/change-requests/:rid/accept', allowed: 'CLIENT', body: {},
    foreignChild: { status: 409, code: 'NO_PENDING_CHANGE_REQUEST' }, prepare: async (s) => ({ rid: await propose(s) }),
  },
  {
    method: 'POST', pattern: '/api/contracts/:id/change-requests/:rid/decline', allowed: 'CLIENT', body: { reason: 'no' },
    foreignChild: { status: 409, code: 'NO_PENDING_CHANGE_REQUEST' }, prepare: async (s) => ({ rid: await propose(s) }),
  },
  {
    method: 'POST', pattern: '/api/contracts/:id/change-requests/:rid/withdraw', allowed: 'EXPERT',
    foreignChild: { status: 409, code: 'NO_PENDING_CHANGE_REQUEST' }, prepare: async (s) => ({ rid: await propose(s) }),
  },
  {
    method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/fund', allowed: 'CLIENT',
    foreignChild: { status: 404, code: 'NOT_FOUND' },
    prepare: async (s) => ({ mid: contractView.parse((await s.api(s.client, 'GET')).body).milestones[0]!.id }),
  },
  {
    method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/submit', allowed: 'EXPERT', body: { message: 'Done' },
    foreignChild: { status: 404, code: 'NOT_FOUND' }, prepare: async (s) => ({ mid: await fundFirst(s) }),
  },
  {
    method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/request-changes', allowed: 'CLIENT', body: { message: 'Bigger logo' },
    foreignChild: { status: 404, code: 'NOT_FOUND' }, prepare: async (s) => ({ mid: await submitFirst(s) }),
  },
  {
    method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/withdraw-submission', allowed: 'EXPERT',
    foreignChild: { status: 404, code: 'NOT_FOUND' }, prepare: async (s) => ({ mid: await submitFirst(s) }),
  },
  {
    method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/extend-review', allowed: 'CLIENT', body: { days: 3, reason: 'Travelling' },
    foreignChild: { status: 404, code: 'NOT_FOUND' }, prepare: async (s) => ({ mid: await submitFirst(s) }),
  },
  {
    method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/extension-requests', allowed: 'EXPERT', body: { days: 3, reason: 'Waiting for assets' },
    foreignChild: { status: 404, code: 'NOT_FOUND' }, prepare: async (s) => ({ mid: await fundWithDueDate(s) }),
  },
  { method: 'POST', pattern: '/api/contracts/:id/extension-requests/:eid/accept', allowed: 'CLIENT', prepare: async (s) => ({ eid: await askExtension(s) }) },
  { method: 'POST', pattern: '/api/contracts/:id/extension-requests/:eid/decline', allowed: 'CLIENT', prepare: async (s) => ({ eid: await askExtension(s) }) },
  {
    method: 'POST', pattern: '/api/contracts/:id/milestones/:mid/release', allowed: 'CLIENT', body: { amountCents: 100 },
    foreignChild: { status: 404, code: 'NOT_FOUND' }, prepare: async (s) => ({ mid: await fundFirst(s) }),
  },
  { method: 'POST', pattern: '/api/contracts/:id/close', allowed: 'MEMBER', body: { refundCents: 0 }, prepare: async () => ({ body: {} }) },
  {
    method: 'POST', pattern: '/api/contracts/:id/close/accept', allowed: 'EXPERT',
    prepare: async (s) => {
      await fundFirst(s)
      await expectOk(s.api(s.client, 'POST', '/close', { refundCents: 100 }))
      return {}
    },
  },
  {
    method: 'POST', pattern: '/api/contracts/:id/close/decline', allowed: 'EXPERT',
    prepare: async (s) => {
      await fundFirst(s)
      await expectOk(s.api(s.client, 'POST', '/close', { refundCents: 100 }))
      return {}
    },
  },
  {
    method: 'POST', pattern: '/api/contracts/:id/reviews', allowed: 'MEMBER', body: { rating: 5, timelinessRating: 5 },
    prepare: async (s, role) => {
      await expectOk(s.api(s.client, 'POST', '/close'))
      return { body: role === 'CLIENT' ? { rating: 5, timelinessRating: 4 } : { rating: 5 } }
    },
  },
  { method: 'GET', pattern: '/api/contracts/:id/activity', allowed: 'MEMBER' },
  { method: 'GET', pattern: '/api/contracts/:id/export?format=json', allowed: 'MEMBER' },
]

export const pathOf = (pattern: string, ids: Partial<Ids>) => pattern.replace(/:(\w+)/g, (_m, name: keyof Ids) => encodeURIComponent(ids[name] ?? `missing-${name}`))
const WHO: Who[] = ['anonymous', 'outsider', 'client', 'expert']
const roleOf = (who: Who): Role | null => (who === 'client' ? 'CLIENT' : who === 'expert' ? 'EXPERT' : null)
const isCollection = (route: RouteSpec) => !route.pattern.includes(':id')

/** The status and code the matrix expects for a refusal, or null where the caller is allowed. */
function expectedRefusal(route: RouteSpec, who: Who, ids: 'own' | 'foreign' | 'foreignChild' | 'unknown'): { status: number; code: string } | null {
  if (who === 'anonymous') return { status: 401, code: 'UNAUTHENTICATED' }
  if (isCollection(route)) return null
  const role = roleOf(who)
  if (ids === 'foreign' || ids === 'unknown' || !role) return { status: 404, code: 'NOT_FOUND' }
  const allowed = route.allowed === 'MEMBER' || route.allowed === role
  if (!allowed) return { status: 403, code: 'FORBIDDEN_FOR_ROLE' }
  if (ids === 'foreignChild' && route.foreignChild) return route.foreignChild
  return null
}

/**
 * Another contract in the same shape as the caller's (first milestone funded, an expert's request
 * pending) between people none of the callers are: made through the services with fresh users,
 * since over HTTP every caller is one of the three demo accounts.
 */
async function foreignContract(): Promise<Ids & { users: string[] }> {
  const { client, expert, outsider, contract } = await createContractScenario([entry({ title: 'A' }), entry({ title: 'B' }), entry({ title: 'C' })])
  const funded = await fundMilestone({ actor: client, contractId: contract.id, milestoneId: contract.milestones[0]!.id })
  const upcoming = funded.milestones.filter((m) => m.state === 'UPCOMING').map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents as Cents }))
  const proposed = await proposeChanges({ actor: expert, contractId: contract.id, baseVersion: funded.planVersion, message: 'One more', milestones: [...upcoming, entry({ title: 'Extra' })] })
  return { id: contract.id, mid: contract.milestones[0]!.id, rid: proposed.changeRequest!.id, users: [client, expert, outsider].map((u) => u.userId) }
}

export function describeAuthorization(api: ApiClient) {
  describe(`authorization matrix (${api.kind})`, () => {
    let a: Scenario
    let idsA: Ids
    let idsB: Ids
    let users: string[]

    beforeAll(async () => {
      a = await createApiScenario(api, [milestone('A'), milestone('B'), milestone('C')])
      idsA = { id: a.id, mid: await fundFirst(a), rid: await propose(a) }
      const b = await foreignContract()
      idsB = b
      users = [a.client, a.expert, a.outsider].map((u) => u.userId).concat(b.users)
    })

    const actorOf = (who: Who): Party | null => (who === 'anonymous' ? null : a[who])
    const everything = async () => [await snapshot(api, idsA.id, a.client, users), await stateOf(idsB.id, users)]

    async function expectRefusedWithoutChange(call: ApiCall, expected: { status: number; code: string }) {
      const before = await everything()
      const response = await api.call(call)
      expect({ status: response.status, code: response.body?.error?.code }, `${call.method} ${call.path} → ${response.text.slice(0, 300)}`).toEqual(expected)
      expect(typeof response.body.error.message).toBe('string')
      expect(await everything()).toEqual(before)
    }

    for (const route of ROUTES) {
      describe(`${route.method} ${route.pattern}`, () => {
        for (const who of WHO) {
          const idSets = isCollection(route)
            ? (['own'] as const)
            : route.pattern.includes(':mid') || route.pattern.includes(':rid')
              ? (['own', 'foreign', 'foreignChild', 'unknown'] as const)
              : (['own', 'foreign', 'unknown'] as const)
          for (const ids of idSets) {
            const expected = expectedRefusal(route, who, ids)
            if (!expected) continue
            it(`${who} with ${ids} ids → ${expected.status} ${expected.code}`, async () => {
              const pathIds =
                ids === 'own' ? idsA : ids === 'foreign' ? idsB : ids === 'foreignChild' ? { id: idsA.id, mid: idsB.mid, rid: idsB.rid } : { id: randomUUID(), mid: randomUUID(), rid: randomUUID() }
              await expectRefusedWithoutChange({ as: actorOf(who), method: route.method, path: pathOf(route.pattern, pathIds), body: route.body }, expected)
            })
          }
        }

        const roles: Role[] = route.allowed === 'MEMBER' || route.allowed === 'ANYONE' ? ['CLIENT', 'EXPERT'] : [route.allowed]
        for (const role of roles) {
          it(`the ${role.toLowerCase()} is answered ${route.method === 'POST' && isCollection(route) ? 201 : 200}`, async () => {
            const s = await createApiScenario(api)
            const prepared = (await route.prepare?.(s, role)) ?? {}
            const caller = role === 'CLIENT' ? s.client : s.expert
            const response = await api.call({ as: caller, method: route.method, path: pathOf(route.pattern, { id: s.id, ...prepared }), body: prepared.body ?? route.body })
            expect(response.status, response.text).toBe(route.method === 'POST' && isCollection(route) ? 201 : 200)
            if (route.pattern === '/api/contracts' && route.method === 'GET') {
              expect(response.body.contracts.map((c: { id: string; role: string }) => [c.id, c.role])).toContainEqual([s.id, role])
            } else if (route.pattern.includes('/export')) {
              expect(evidenceRecord.parse(response.body).contract.id).toBe(s.id)
            } else if (!route.pattern.endsWith('/activity')) {
              expect(contractView.parse(response.body).role).toBe(route.method === 'POST' && isCollection(route) ? 'CLIENT' : role)
            }
          })
        }
      })
    }

    it('an outsider’s contract list does not show contracts they are not on', async () => {
      const list = await api.call({ as: a.outsider, method: 'GET', path: '/api/contracts' })
      expect(list.status).toBe(200)
      const ids = list.body.contracts.map((c: { id: string }) => c.id)
      expect(ids).not.toContain(idsA.id)
      expect(ids).not.toContain(idsB.id)
    })

    it('malformed input about a contract is 404 for an outsider and 422 only for its members', async () => {
      const release = `/api/contracts/${idsA.id}/milestones/${idsA.mid}/release`
      const hostile = [{ amountCents: -1 }, { amountCents: 'all' }, { amountCents: 500, state: 'RELEASED' }]
      for (const body of hostile) {
        await expectRefusedWithoutChange({ as: a.outsider, method: 'POST', path: release, body }, { status: 404, code: 'NOT_FOUND' })
        await expectRefusedWithoutChange({ as: a.client, method: 'POST', path: release, body }, { status: 422, code: 'VALIDATION_FAILED' })
      }
      await expectRefusedWithoutChange(
        { as: a.outsider, method: 'PUT', path: `/api/contracts/${idsA.id}/milestones`, body: { baseVersion: 1, milestones: 'none' } },
        { status: 404, code: 'NOT_FOUND' },
      )
      // Ids no contract could have (too long, with a NUL) name no contract: 404.
      for (const id of ['x'.repeat(101), 'a\u0000b']) {
        const response = await api.call({ as: a.client, method: 'GET', path: `/api/contracts/${encodeURIComponent(id)}` })
        expect([response.status, response.body.error?.code]).toEqual([404, 'NOT_FOUND'])
      }
    })

    it('an outsider replaying an Idempotency-Key of their own still gets 404, not a conflict that reveals the contract', async () => {
      // The outsider of A is the client of a contract of their own and funds it with a key.
      const outsider = a.outsider
      const key = `probe-${randomUUID()}`
      const mine = await expectOk(api.call({ as: outsider, method: 'POST', path: '/api/contracts', body: { title: 'Mine', expertEmail: a.client.email, milestones: [milestone('M')] } }))
      await expectOk(api.call({ as: outsider, method: 'POST', path: `/api/contracts/${mine.id}/milestones/${mine.milestones[0].id}/fund`, headers: { 'idempotency-key': key } }))
      await expectRefusedWithoutChange(
        { as: outsider, method: 'POST', path: `/api/contracts/${idsA.id}/milestones/${idsA.mid}/fund`, headers: { 'idempotency-key': key } },
        { status: 404, code: 'NOT_FOUND' },
      )
    })
  })
}
