import { describe, expect, it } from 'vitest'
import { contractView, planVersionDetail, planVersionList } from '@/app/api/contracts/representations'
import { createApiScenario, expectOk, milestone, stateOf, type ApiClient } from './api-client'
import { expectError } from './expectations'

/**
 * Part 2's negotiation rules through the API: R18 counter-proposals and R20 plan history, with
 * the status and code the spec names. In-process against the route handlers and over HTTP
 * against the production build.
 */
export function describeRulesR18ToR20(apiClient: ApiClient) {
  describe(`R18, R20 through the API (${apiClient.kind})`, () => {
    it('R18: counter → counter → accept; only the author’s counterpart answers; a stale counter is 409 with the contract', async () => {
      const { client, expert, api, id } = await createApiScenario(apiClient, [milestone('A'), milestone('B')])
      const [a, b] = contractView.parse((await api(client, 'GET')).body).milestones
      const entry = (m: typeof a, extra = {}) => ({ id: m!.id, title: m!.title, amountCents: m!.amountCents, ...extra })
      const request = await expectOk(api(expert, 'POST', '/change-requests', { baseVersion: 1, message: 'A costs more', milestones: [entry(a, { amountCents: 20_000 }), entry(b)] }))
      const rid = request.changeRequest.id
      expect(request.changeRequest).toMatchObject({ authorRole: 'EXPERT', rounds: [{ id: rid, authorRole: 'EXPERT', message: 'A costs more' }] })

      // The author cannot counter their own request; bad input is 422 and changes nothing.
      const before = await stateOf(id, [client.userId, expert.userId])
      expectError(await api(expert, 'POST', `/change-requests/${rid}/counter`, { baseVersion: 1, message: 'x', milestones: [entry(a)] }), 403, 'FORBIDDEN_FOR_ROLE')
      expectError(await api(client, 'POST', `/change-requests/${rid}/counter`, { baseVersion: 1, message: '', milestones: [entry(a)] }), 422, 'VALIDATION_FAILED')
      expectError(await api(client, 'POST', `/change-requests/${rid}/counter`, { baseVersion: 1, message: 'x', milestones: [entry(a, { amountCents: 499 })] }), 422, 'AMOUNT_BELOW_MINIMUM')
      expectError(await api(client, 'POST', `/change-requests/${rid}/counter`, { baseVersion: 1, message: 'x', milestones: [entry(a), entry(b)] }), 422, 'VALIDATION_FAILED')
      expectError(await api(client, 'POST', `/change-requests/${rid}/counter`, { baseVersion: 1, message: 'x', milestones: [entry(a)], state: 'ACCEPTED' }), 422, 'VALIDATION_FAILED')
      const stale = await api(client, 'POST', `/change-requests/${rid}/counter`, { baseVersion: 7, message: 'x', milestones: [entry(a)] })
      expectError(stale, 409, 'STALE_PLAN_VERSION')
      expect(contractView.parse(stale.body.error.details).planVersion).toBe(1)
      expect(await stateOf(id, [client.userId, expert.userId])).toEqual(before)

      const first = await expectOk(api(client, 'POST', `/change-requests/${rid}/counter`, { baseVersion: 1, message: 'Meet halfway', milestones: [entry(a, { amountCents: 15_000 }), entry(b)] }))
      expect(contractView.parse(first).changeRequest).toMatchObject({ authorRole: 'CLIENT', message: 'Meet halfway', changes: [{ kind: 'EDITED', fields: [{ field: 'amountCents', from: 10_000, to: 15_000 }] }] })
      expect(first.allowedActions).toEqual(['WITHDRAW_CHANGES', 'CLOSE'])
      expect((await api(expert, 'GET')).body.allowedActions).toEqual(['REVIEW_CHANGES', 'COUNTER_CHANGES', 'CLOSE'])
      const cid = first.changeRequest.id
      expectError(await api(client, 'POST', `/change-requests/${cid}/accept`), 403, 'FORBIDDEN_FOR_ROLE')
      expectError(await api(expert, 'POST', `/change-requests/${cid}/accept`, { milestones: [entry(a)] }), 403, 'FORBIDDEN_FOR_ROLE')
      expectError(await api(expert, 'POST', `/change-requests/${rid}/accept`), 409, 'NO_PENDING_CHANGE_REQUEST')
      expectError(await api(client, 'PUT', '/milestones', { baseVersion: 1, milestones: [] }), 409, 'CHANGE_REQUEST_PENDING')

      const second = await expectOk(api(expert, 'POST', `/change-requests/${cid}/counter`, { baseVersion: 1, message: '175 then', milestones: [entry(a, { amountCents: 17_500 }), entry(b)] }))
      expect(second.changeRequest.rounds.map((r: { authorRole: string; message: string }) => [r.authorRole, r.message])).toEqual([
        ['EXPERT', 'A costs more'],
        ['CLIENT', 'Meet halfway'],
        ['EXPERT', '175 then'],
      ])
      const accepted = await expectOk(api(client, 'POST', `/change-requests/${second.changeRequest.id}/accept`))
      expect(accepted).toMatchObject({ changeRequest: null, planVersion: 2 })
      expect(accepted.milestones.map((m: { amountCents: number }) => m.amountCents)).toEqual([17_500, 10_000])
      expectError(await api(client, 'POST', `/change-requests/${second.changeRequest.id}/counter`, { baseVersion: 2, message: 'x', milestones: [entry(a)] }), 409, 'NO_PENDING_CHANGE_REQUEST')
    })

    it('R20: every plan version with who, when and why, newest first; any version with its plan and changes', async () => {
      const { client, expert, outsider, api } = await createApiScenario(apiClient, [milestone('A'), milestone('B')])
      const [a, b] = contractView.parse((await api(client, 'GET')).body).milestones
      await expectOk(api(client, 'PUT', '/milestones', { baseVersion: 1, milestones: [{ id: a!.id, title: 'A2', amountCents: 10_000 }, { id: b!.id, title: 'B', amountCents: 10_000 }] }))
      await expectOk(api(client, 'POST', `/milestones/${a!.id}/fund`))
      const list = planVersionList.parse((await expectOk(api(expert, 'GET', '/plan-versions'))))
      expect(list.versions.map((v) => [v.version, v.reason, v.actor?.email])).toEqual([
        [3, 'MILESTONE_FUNDED', client.email],
        [2, 'SAVED', client.email],
        [1, 'CREATED', client.email],
      ])
      expect(Date.parse(list.versions[0]!.at)).toBeGreaterThanOrEqual(Date.parse(list.versions[2]!.at))
      const saved = planVersionDetail.parse(await expectOk(api(expert, 'GET', '/plan-versions/2')))
      expect(saved.milestones.map((m) => [m.position, m.title, m.state])).toEqual([[0, 'A2', 'UPCOMING'], [1, 'B', 'UPCOMING']])
      expect(saved.changes).toEqual([{ kind: 'EDITED', id: a!.id, title: 'A2', fields: [{ field: 'title', from: 'A', to: 'A2' }] }])
      const funded = planVersionDetail.parse(await expectOk(api(client, 'GET', '/plan-versions/3')))
      expect(funded).toMatchObject({ reason: 'MILESTONE_FUNDED', changes: [], milestones: [{ title: 'A2', state: 'FUNDED' }, { title: 'B', state: 'UPCOMING' }] })
      expectError(await api(client, 'GET', '/plan-versions/4'), 404, 'NOT_FOUND')
      for (const bad of ['0', '-1', '1.5', 'abc', '99999999999']) expectError(await api(client, 'GET', `/plan-versions/${bad}`), 422, 'VALIDATION_FAILED')
      expectError(await api(outsider, 'GET', '/plan-versions'), 404, 'NOT_FOUND')
      expectError(await api(outsider, 'GET', '/plan-versions/1'), 404, 'NOT_FOUND')
      expectError(await api(outsider, 'GET', '/plan-versions/abc'), 404, 'NOT_FOUND')
    })
  })
}
