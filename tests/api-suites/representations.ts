import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { addDays, todayAoE } from '@/domain/dates'
import { activityList, contractList, contractView } from '@/app/api/contracts/representations'
import { createApiScenario, expectOk, milestone, type ApiClient, type Party } from './api-client'
import { expectRepresentation } from './expectations'

/** The representations every answer carries (PRODUCT.md, "Representations"), in-process and over HTTP. */
export function describeRepresentations(apiClient: ApiClient) {
  describe(`representations (${apiClient.kind})`, () => {
    it('GET /api/contracts/{id} shows every field PRODUCT.md lists, to each member in their role', async () => {
      const { client, expert, id, api } = await createApiScenario(apiClient, [milestone('Design', 10_000, { description: 'Wireframes', dueDate: addDays(todayAoE(new Date()), 30) }), milestone('Build')])
      const asClient = await api(client, 'GET')
      expect(asClient.status).toBe(200)
      expect(asClient.headers.get('cache-control')).toBe('no-store')
      const view = contractView.parse(asClient.body)
      expect(view).toMatchObject({
        id,
        title: 'API contract',
        status: 'OPEN',
        role: 'CLIENT',
        client: { id: client.userId, email: client.email, name: client.name },
        expert: { id: expert.userId, email: expert.email, name: expert.name },
        planVersion: 1,
        escrow: { depositedCents: 0, releasedCents: 0, refundedCents: 0, heldCents: 0, balanceCents: 0 },
        changeRequest: null,
        closeProposal: null,
        reviews: [],
        allowedActions: ['EDIT_PLAN', 'FUND_MILESTONE', 'CLOSE'],
      })
      expect(Object.keys(view.milestones[0]!).sort()).toEqual(
        ['id', 'position', 'title', 'description', 'amountCents', 'dueDate', 'state', 'fundedCents', 'releasedCents', 'overdue', 'submission', 'extensionRequest'].sort(),
      )
      expect(view.milestones.map((m) => [m.submission, m.extensionRequest])).toEqual([[null, null], [null, null]])
      expect([view.reviewDays, view.requestDays]).toEqual([14, 7])
      expect(view.milestones.map((m) => [m.position, m.title, m.description, m.amountCents, m.state, m.fundedCents, m.releasedCents, m.overdue])).toEqual([
        [0, 'Design', 'Wireframes', 10_000, 'UPCOMING', 0, 0, false],
        [1, 'Build', '', 10_000, 'UPCOMING', 0, 0, false],
      ])
      expect(view.milestones[0]!.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(view.milestones[1]!.dueDate).toBeNull()
      const asExpert = contractView.parse((await api(expert, 'GET')).body)
      expect(asExpert.role).toBe('EXPERT')
      expect(asExpert.allowedActions).toEqual(['PROPOSE_CHANGES', 'CLOSE'])
    })

    it('every command answers with the contract as the GET shows it: 201 for create, 200 otherwise', async () => {
      const { client, expert, id, api } = await createApiScenario(apiClient)
      const created = await apiClient.call({ as: client, method: 'POST', path: '/api/contracts', body: { title: 'Second', expertEmail: expert.email, milestones: [milestone('One')] } })
      await expectRepresentation(apiClient, created, client, 201)

      let view = contractView.parse((await api(client, 'GET')).body)
      const [design, build] = view.milestones
      await expectRepresentation(apiClient, await api(client, 'PUT', '/milestones', { baseVersion: 1, milestones: [{ id: design!.id, title: 'Design', amountCents: 10_000 }, { id: build!.id, title: 'Build 2', amountCents: 20_000 }] }), client)
      view = contractView.parse((await api(client, 'GET')).body)
      const proposal = await api(expert, 'POST', '/change-requests', { baseVersion: view.planVersion, message: 'Add QA', milestones: [...view.milestones.map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents })), milestone('QA')] })
      await expectRepresentation(apiClient, proposal, expert)
      const rid = proposal.body.changeRequest.id
      await expectRepresentation(apiClient, await api(client, 'POST', `/change-requests/${rid}/decline`, { reason: 'Not now' }), client)
      view = contractView.parse((await api(client, 'GET')).body)
      const second = await expectOk(api(expert, 'POST', '/change-requests', { baseVersion: view.planVersion, message: 'Drop Build', milestones: [{ id: design!.id, title: 'Design', amountCents: 10_000 }] }))
      await expectRepresentation(apiClient, await api(expert, 'POST', `/change-requests/${second.changeRequest.id}/withdraw`), expert)
      const third = await expectOk(api(expert, 'POST', '/change-requests', { baseVersion: view.planVersion, message: 'Cheaper build', milestones: [{ id: design!.id, title: 'Design', amountCents: 10_000 }, { id: build!.id, title: 'Build 2', amountCents: 15_000 }] }))
      await expectRepresentation(apiClient, await api(client, 'POST', `/change-requests/${third.changeRequest.id}/accept`), client)
      await expectRepresentation(apiClient, await api(client, 'POST', `/milestones/${design!.id}/fund`, undefined, { 'idempotency-key': `f1-${randomUUID()}` }), client)
      await expectRepresentation(apiClient, await api(expert, 'POST', `/milestones/${design!.id}/submit`, { message: 'Designs attached', links: ['https://example.com/designs'] }), expert)
      await expectRepresentation(apiClient, await api(client, 'POST', `/milestones/${design!.id}/release`, { amountCents: 10_000 }), client)
      await expectRepresentation(apiClient, await api(client, 'POST', `/milestones/${build!.id}/fund`), client)
      await expectRepresentation(apiClient, await api(client, 'POST', '/close', { refundCents: 5_000 }), client)
      await expectRepresentation(apiClient, await api(expert, 'POST', '/close/decline'), expert)
      await expectOk(api(client, 'POST', '/close', { refundCents: 5_000 }))
      await expectRepresentation(apiClient, await api(expert, 'POST', '/close/accept'), expert)
      await expectRepresentation(apiClient, await api(client, 'POST', '/reviews', { rating: 5, timelinessRating: 4, comment: 'Great' }), client)
      const final = contractView.parse((await api(expert, 'POST', '/reviews', { rating: 4, comment: 'Clear brief' })).body)
      expect(final.reviews.map((r) => [r.authorRole, r.rating, r.timelinessRating, r.comment])).toEqual([
        ['CLIENT', 5, 4, 'Great'],
        ['EXPERT', 4, null, 'Clear brief'],
      ])
      expect(final).toMatchObject({ id, status: 'CLOSED', allowedActions: [] })
    })

    it('GET /api/contracts lists the caller’s contracts in both roles with the summary fields', async () => {
      const { client, expert, id, api } = await createApiScenario(apiClient)
      // Over HTTP the demo accounts have other contracts too: this one is checked among them.
      const listOf = async (as: Party) => contractList.parse((await apiClient.call({ as, method: 'GET', path: '/api/contracts' })).body).contracts.filter((c) => c.id === id)
      expect(await listOf(client)).toEqual([
        expect.objectContaining({ id, title: 'API contract', status: 'OPEN', role: 'CLIENT', heldCents: 0, waitingForYou: false, nextMilestone: expect.objectContaining({ title: 'Design', state: 'UPCOMING' }) }),
      ])
      const view = contractView.parse((await api(client, 'GET')).body)
      await expectOk(api(expert, 'POST', '/change-requests', { baseVersion: 1, message: 'Drop Build', milestones: [{ id: view.milestones[0]!.id, title: 'Design', amountCents: 10_000 }] }))
      expect(await listOf(client)).toEqual([expect.objectContaining({ id, waitingForYou: true })])
      expect(await listOf(expert)).toEqual([expect.objectContaining({ id, role: 'EXPERT', waitingForYou: false })])
    })

    it('GET .../activity lists the events newest first with id, type, at, actor and data', async () => {
      const { client, expert, api } = await createApiScenario(apiClient)
      const view = contractView.parse((await api(client, 'GET')).body)
      await expectOk(api(client, 'POST', `/milestones/${view.milestones[0]!.id}/fund`))
      await expectOk(api(expert, 'POST', `/milestones/${view.milestones[0]!.id}/submit`, { message: 'Done' }))
      const activity = activityList.parse((await api(expert, 'GET', '/activity')).body)
      expect(activity.events.map((e) => e.type)).toEqual(['WORK_SUBMITTED', 'MILESTONE_FUNDED', 'CONTRACT_CREATED'])
      expect(activity.events[0]!.actor).toEqual({ id: expert.userId, email: expert.email, name: expert.name })
      expect(activity.events[1]!.data).toMatchObject({ milestoneId: view.milestones[0]!.id, amountCents: 10_000 })
      const times = activity.events.map((e) => Date.parse(e.at))
      expect([...times].sort((a, b) => b - a)).toEqual(times)
    })
  })
}
