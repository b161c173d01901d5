import { describe, expect, it, vi } from 'vitest'
import { addDays, todayAoE } from '@/domain/dates'
import { activityList, contractList, contractView } from '@/app/api/contracts/representations'
import { getDb } from '@/server/db/client'
import { findReconciliationProblems } from '@/server/contracts/reconcile'
import { callApi, createApiScenario, expectOk, milestone, stateOf, type ApiResponse } from './harness'

vi.mock('@/server/auth/session', () => import('./session-mock'))

/**
 * Every rule of PRODUCT.md (R1–R14) through the real route handlers, with the exact status and
 * error code the spec names, and the representations every answer carries.
 */

const db = getDb()

function expectError(response: ApiResponse, status: number, code: string) {
  expect({ status: response.status, code: response.body?.error?.code }, response.text).toEqual({ status, code })
  expect(typeof response.body.error.message).toBe('string')
}

/** Every command answers with the contract exactly as a GET right after shows it to the caller. */
async function expectRepresentation(response: ApiResponse, caller: Parameters<typeof callApi>[0]['as'], status = 200) {
  expect(response.status, response.text).toBe(status)
  contractView.parse(response.body)
  const fresh = await callApi({ as: caller, method: 'GET', path: `/api/contracts/${response.body.id}` })
  expect(fresh.status).toBe(200)
  expect(response.body).toEqual(fresh.body)
}

const ledgerOf = async (contractId: string) =>
  (await db.ledgerEntry.findMany({ where: { contractId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map((e) => ({
    id: e.id,
    kind: e.kind,
    amountCents: Number(e.amountCents),
    milestoneId: e.milestoneId,
  }))

describe('representations', () => {
  it('GET /api/contracts/{id} shows every field PRODUCT.md lists, to each member in their role', async () => {
    const { client, expert, id, api } = await createApiScenario([milestone('Design', 10_000, { description: 'Wireframes', dueDate: addDays(todayAoE(new Date()), 30) }), milestone('Build')])
    const asClient = await api(client, 'GET')
    expect(asClient.status).toBe(200)
    expect(asClient.headers.get('cache-control')).toBe('no-store')
    const view = contractView.parse(asClient.body)
    expect(view).toMatchObject({
      id,
      title: 'API contract',
      status: 'OPEN',
      role: 'CLIENT',
      client: { id: client.userId, email: client.email, name: 'Client' },
      expert: { id: expert.userId, email: expert.email, name: 'Expert' },
      planVersion: 1,
      escrow: { depositedCents: 0, releasedCents: 0, refundedCents: 0, heldCents: 0, balanceCents: 0 },
      changeRequest: null,
      closeProposal: null,
      reviews: [],
      allowedActions: ['EDIT_PLAN', 'FUND_MILESTONE', 'CLOSE'],
    })
    expect(Object.keys(view.milestones[0]!).sort()).toEqual(
      ['id', 'position', 'title', 'description', 'amountCents', 'dueDate', 'state', 'fundedCents', 'releasedCents', 'overdue'].sort(),
    )
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
    const { client, expert, id, api } = await createApiScenario()
    const created = await callApi({ as: client, method: 'POST', path: '/api/contracts', body: { title: 'Second', expertEmail: expert.email, milestones: [milestone('One')] } })
    await expectRepresentation(created, client, 201)

    let view = contractView.parse((await api(client, 'GET')).body)
    const [design, build] = view.milestones
    await expectRepresentation(await api(client, 'PUT', '/milestones', { baseVersion: 1, milestones: [{ id: design!.id, title: 'Design', amountCents: 10_000 }, { id: build!.id, title: 'Build 2', amountCents: 20_000 }] }), client)
    view = contractView.parse((await api(client, 'GET')).body)
    const proposal = await api(expert, 'POST', '/change-requests', { baseVersion: view.planVersion, message: 'Add QA', milestones: [...view.milestones.map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents })), milestone('QA')] })
    await expectRepresentation(proposal, expert)
    const rid = proposal.body.changeRequest.id
    await expectRepresentation(await api(client, 'POST', `/change-requests/${rid}/decline`, { reason: 'Not now' }), client)
    view = contractView.parse((await api(client, 'GET')).body)
    const second = await expectOk(api(expert, 'POST', '/change-requests', { baseVersion: view.planVersion, message: 'Drop Build', milestones: [{ id: design!.id, title: 'Design', amountCents: 10_000 }] }))
    await expectRepresentation(await api(expert, 'POST', `/change-requests/${second.changeRequest.id}/withdraw`), expert)
    const third = await expectOk(api(expert, 'POST', '/change-requests', { baseVersion: view.planVersion, message: 'Cheaper build', milestones: [{ id: design!.id, title: 'Design', amountCents: 10_000 }, { id: build!.id, title: 'Build 2', amountCents: 15_000 }] }))
    await expectRepresentation(await api(client, 'POST', `/change-requests/${third.changeRequest.id}/accept`), client)
    await expectRepresentation(await api(client, 'POST', `/milestones/${design!.id}/fund`, undefined, { 'idempotency-key': 'f1' }), client)
    await expectRepresentation(await api(expert, 'POST', `/milestones/${design!.id}/submit`), expert)
    await expectRepresentation(await api(client, 'POST', `/milestones/${design!.id}/release`, { amountCents: 10_000 }), client)
    await expectRepresentation(await api(client, 'POST', `/milestones/${build!.id}/fund`), client)
    await expectRepresentation(await api(client, 'POST', '/close', { refundCents: 5_000 }), client)
    await expectRepresentation(await api(expert, 'POST', '/close/decline'), expert)
    await expectOk(api(client, 'POST', '/close', { refundCents: 5_000 }))
    await expectRepresentation(await api(expert, 'POST', '/close/accept'), expert)
    await expectRepresentation(await api(client, 'POST', '/reviews', { rating: 5, timelinessRating: 4, comment: 'Great' }), client)
    const final = contractView.parse((await api(expert, 'POST', '/reviews', { rating: 4, comment: 'Clear brief' })).body)
    expect(final.reviews.map((r) => [r.authorRole, r.rating, r.timelinessRating, r.comment])).toEqual([
      ['CLIENT', 5, 4, 'Great'],
      ['EXPERT', 4, null, 'Clear brief'],
    ])
    expect(final).toMatchObject({ id, status: 'CLOSED', allowedActions: [] })
  })

  it('GET /api/contracts lists the caller’s contracts in both roles with the summary fields', async () => {
    const { client, expert, id, api } = await createApiScenario()
    const asClient = contractList.parse((await callApi({ as: client, method: 'GET', path: '/api/contracts' })).body)
    expect(asClient.contracts).toEqual([
      expect.objectContaining({ id, title: 'API contract', status: 'OPEN', role: 'CLIENT', heldCents: 0, waitingForYou: false, nextMilestone: expect.objectContaining({ title: 'Design', state: 'UPCOMING' }) }),
    ])
    const view = contractView.parse((await api(client, 'GET')).body)
    await expectOk(api(expert, 'POST', '/change-requests', { baseVersion: 1, message: 'Drop Build', milestones: [{ id: view.milestones[0]!.id, title: 'Design', amountCents: 10_000 }] }))
    const waiting = contractList.parse((await callApi({ as: client, method: 'GET', path: '/api/contracts' })).body)
    expect(waiting.contracts[0]).toMatchObject({ id, waitingForYou: true })
    const asExpert = contractList.parse((await callApi({ as: expert, method: 'GET', path: '/api/contracts' })).body)
    expect(asExpert.contracts).toEqual([expect.objectContaining({ id, role: 'EXPERT', waitingForYou: false })])
  })

  it('GET .../activity lists the events newest first with id, type, at, actor and data', async () => {
    const { client, expert, api } = await createApiScenario()
    const view = contractView.parse((await api(client, 'GET')).body)
    await expectOk(api(client, 'POST', `/milestones/${view.milestones[0]!.id}/fund`))
    await expectOk(api(expert, 'POST', `/milestones/${view.milestones[0]!.id}/submit`))
    const activity = activityList.parse((await api(expert, 'GET', '/activity')).body)
    expect(activity.events.map((e) => e.type)).toEqual(['WORK_SUBMITTED', 'MILESTONE_FUNDED', 'CONTRACT_CREATED'])
    expect(activity.events[0]!.actor).toEqual({ id: expert.userId, email: expert.email, name: 'Expert' })
    expect(activity.events[1]!.data).toMatchObject({ milestoneId: view.milestones[0]!.id, amountCents: 10_000 })
    const times = activity.events.map((e) => Date.parse(e.at))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
  })
})

describe('the rules through HTTP', () => {
  it('R1: amounts are integer cents from 500 to 100,000,000', async () => {
    const { client, expert, api } = await createApiScenario()
    const create = (amountCents: unknown) => callApi({ as: client, method: 'POST', path: '/api/contracts', body: { title: 'R1', expertEmail: expert.email, milestones: [{ title: 'M', amountCents }] } })
    expectError(await create(499), 422, 'AMOUNT_BELOW_MINIMUM')
    expectError(await create(100_000_001), 422, 'AMOUNT_ABOVE_MAXIMUM')
    expect((await create(500)).status).toBe(201)
    expect((await create(100_000_000)).status).toBe(201)
    const fractional = await create(500.5)
    expectError(fractional, 422, 'VALIDATION_FAILED')
    expect(fractional.body.error.details).toMatchObject({ fieldErrors: { milestones: [expect.any(String)] } })
    expectError(await create(-500), 422, 'VALIDATION_FAILED')
    expectError(await create('500'), 422, 'VALIDATION_FAILED')
    expectError(await create(0), 422, 'AMOUNT_BELOW_MINIMUM')

    const save = (amountCents: unknown) => api(client, 'PUT', '/milestones', { baseVersion: 1, milestones: [{ title: 'M', amountCents }] })
    expectError(await save(499), 422, 'AMOUNT_BELOW_MINIMUM')
    expectError(await save(100_000_001), 422, 'AMOUNT_ABOVE_MAXIMUM')
    expectError(await save(1e21), 422, 'VALIDATION_FAILED')
    const propose = (amountCents: unknown) => api(expert, 'POST', '/change-requests', { baseVersion: 1, message: 'x', milestones: [{ title: 'M', amountCents }] })
    expectError(await propose(499), 422, 'AMOUNT_BELOW_MINIMUM')
    expectError(await propose(100_000_001), 422, 'AMOUNT_ABOVE_MAXIMUM')
    const release = await api(client, 'POST', '/milestones/x/release', { amountCents: 12.5 })
    expectError(release, 422, 'VALIDATION_FAILED')
    expect(release.body.error.details).toEqual({ formErrors: [], fieldErrors: { amountCents: [expect.any(String)] } })
  })

  it('R2 + R3: only the first upcoming milestone is funded, and only one at a time', async () => {
    const { client, api, id } = await createApiScenario([milestone('A'), milestone('B'), milestone('C')])
    const [a, b] = contractView.parse((await api(client, 'GET')).body).milestones
    expectError(await api(client, 'POST', `/milestones/${b!.id}/fund`), 409, 'NOT_NEXT_MILESTONE')
    await expectOk(api(client, 'POST', `/milestones/${a!.id}/fund`))
    expectError(await api(client, 'POST', `/milestones/${b!.id}/fund`), 409, 'ANOTHER_MILESTONE_IN_PROGRESS')
    expectError(await api(client, 'POST', `/milestones/${a!.id}/fund`), 409, 'MILESTONE_LOCKED')
    const inProgress = await db.milestone.count({ where: { contractId: id, state: { in: ['FUNDED', 'SUBMITTED'] } } })
    expect(inProgress).toBe(1)
  })

  it('R4: funding uses the balance first and never deposits less than $5.00', async () => {
    const { client, api, id } = await createApiScenario([milestone('A', 10_000), milestone('B', 600), milestone('C', 5_000)])
    const [a, b, c] = contractView.parse((await api(client, 'GET')).body).milestones
    await expectOk(api(client, 'POST', `/milestones/${a!.id}/fund`))
    const released = await expectOk(api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 9_700 }))
    expect(released.escrow).toEqual({ depositedCents: 10_000, releasedCents: 9_700, refundedCents: 0, heldCents: 300, balanceCents: 300 })
    // B costs 600; the balance pays 300; the 300 rest is below $5, so the deposit is 500 and 200 stays.
    const fundedB = await expectOk(api(client, 'POST', `/milestones/${b!.id}/fund`))
    expect(fundedB.escrow).toEqual({ depositedCents: 10_500, releasedCents: 9_700, refundedCents: 0, heldCents: 800, balanceCents: 200 })
    await expectOk(api(client, 'POST', `/milestones/${b!.id}/release`, { amountCents: 600 }))
    const fundedC = await expectOk(api(client, 'POST', `/milestones/${c!.id}/fund`))
    expect(fundedC.escrow).toMatchObject({ depositedCents: 15_300, heldCents: 5_000, balanceCents: 0 })
    expect((await ledgerOf(id)).map((e) => [e.kind, e.amountCents])).toEqual([
      ['DEPOSIT', 10_000],
      ['RELEASE', 9_700],
      ['DEPOSIT', 500],
      ['RELEASE', 600],
      ['DEPOSIT', 4_800],
    ])
    expect((await ledgerOf(id)).filter((e) => e.kind === 'DEPOSIT').every((e) => e.amountCents >= 500)).toBe(true)
  })

  it('R5: locked milestones cannot be edited, deleted or moved; they stay at the head', async () => {
    const { client, api } = await createApiScenario([milestone('A'), milestone('B'), milestone('C')])
    const [a, b, c] = contractView.parse((await api(client, 'GET')).body).milestones
    const funded = await expectOk(api(client, 'POST', `/milestones/${a!.id}/fund`))
    const base = funded.planVersion
    const entry = (m: typeof a, extra = {}) => ({ id: m!.id, title: m!.title, amountCents: m!.amountCents, ...extra })
    expectError(await api(client, 'PUT', '/milestones', { baseVersion: base, milestones: [entry(a, { title: 'Renamed' }), entry(b), entry(c)] }), 409, 'MILESTONE_LOCKED')
    expectError(await api(client, 'PUT', '/milestones', { baseVersion: base, milestones: [entry(c), entry(a), entry(b)] }), 409, 'MILESTONE_LOCKED')
    // Reorder the upcoming ones only (locked ones are not sent): A stays first.
    const reordered = await expectOk(api(client, 'PUT', '/milestones', { baseVersion: base, milestones: [entry(c), entry(b)] }))
    expect(reordered.milestones.map((m: { title: string; state: string; position: number }) => [m.position, m.title, m.state])).toEqual([
      [0, 'A', 'FUNDED'],
      [1, 'C', 'UPCOMING'],
      [2, 'B', 'UPCOMING'],
    ])
    // Leaving out everything upcoming deletes the upcoming milestones, never the locked one.
    const emptied = await expectOk(api(client, 'PUT', '/milestones', { baseVersion: reordered.planVersion, milestones: [] }))
    expect(emptied.milestones.map((m: { title: string }) => m.title)).toEqual(['A'])
  })

  it('R6: release from $0.01 up to the funded amount; a partial release keeps the rest as balance', async () => {
    const { client, expert, api } = await createApiScenario([milestone('A', 10_000), milestone('B')])
    const [a, b] = contractView.parse((await api(client, 'GET')).body).milestones
    expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 100 }), 409, 'MILESTONE_NOT_IN_PROGRESS')
    await expectOk(api(client, 'POST', `/milestones/${a!.id}/fund`))
    expectError(await api(expert, 'POST', `/milestones/${a!.id}/release`, { amountCents: 100 }), 403, 'FORBIDDEN_FOR_ROLE')
    expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 10_001 }), 422, 'RELEASE_EXCEEDS_FUNDED')
    expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 0 }), 422, 'VALIDATION_FAILED')
    expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: -1 }), 422, 'VALIDATION_FAILED')
    expectError(await api(client, 'POST', `/milestones/${b!.id}/release`, { amountCents: 1 }), 409, 'MILESTONE_NOT_IN_PROGRESS')
    const partial = await expectOk(api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 1 }))
    expect(partial.milestones[0]).toMatchObject({ state: 'RELEASED', fundedCents: 10_000, releasedCents: 1 })
    expect(partial.escrow).toMatchObject({ releasedCents: 1, heldCents: 9_999, balanceCents: 9_999 })
    expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 1 }), 409, 'MILESTONE_NOT_IN_PROGRESS')
  })

  it('R7: a milestone can be added after the final one was released', async () => {
    const { client, api } = await createApiScenario([milestone('Only')])
    const [only] = contractView.parse((await api(client, 'GET')).body).milestones
    await expectOk(api(client, 'POST', `/milestones/${only!.id}/fund`))
    const released = await expectOk(api(client, 'POST', `/milestones/${only!.id}/release`, { amountCents: 10_000 }))
    const added = await expectOk(api(client, 'PUT', '/milestones', { baseVersion: released.planVersion, milestones: [milestone('Follow-up', 5_000)] }))
    expect(added.milestones.map((m: { title: string; state: string }) => [m.title, m.state])).toEqual([
      ['Only', 'RELEASED'],
      ['Follow-up', 'UPCOMING'],
    ])
    expect(added.allowedActions).toContain('FUND_MILESTONE')
  })

  it('R8: one pending request blocks plan edits and funding what it touches; accept modified, decline, withdraw', async () => {
    const { client, expert, api, id } = await createApiScenario([milestone('A'), milestone('B')])
    const [a, b] = contractView.parse((await api(client, 'GET')).body).milestones
    const entry = (m: typeof a, extra = {}) => ({ id: m!.id, title: m!.title, amountCents: m!.amountCents, ...extra })
    expectError(await api(client, 'POST', '/change-requests', { baseVersion: 1, message: 'x', milestones: [] }), 403, 'FORBIDDEN_FOR_ROLE')
    const proposed = await expectOk(api(expert, 'POST', '/change-requests', { baseVersion: 1, message: 'A costs more', milestones: [entry(a, { amountCents: 15_000 }), entry(b)] }))
    expect(proposed.changeRequest).toMatchObject({ message: 'A costs more', baseVersion: 1, changes: [{ kind: 'EDITED', id: a!.id, fields: [{ field: 'amountCents', from: 10_000, to: 15_000 }] }] })
    expect(proposed.allowedActions).toContain('WITHDRAW_CHANGES')
    const rid = proposed.changeRequest.id
    expectError(await api(expert, 'POST', '/change-requests', { baseVersion: 1, message: 'again', milestones: [] }), 409, 'CHANGE_REQUEST_PENDING')
    expectError(await api(client, 'PUT', '/milestones', { baseVersion: 1, milestones: [] }), 409, 'CHANGE_REQUEST_PENDING')
    expectError(await api(client, 'POST', `/milestones/${a!.id}/fund`), 409, 'CHANGE_REQUEST_PENDING')
    expect((await api(client, 'GET')).body.allowedActions).toEqual(['REVIEW_CHANGES', 'CLOSE'])
    // A modified version that breaks a rule is refused whole; the request stays pending.
    const before = await stateOf(id, [client.userId, expert.userId])
    expectError(await api(client, 'POST', `/change-requests/${rid}/accept`, { milestones: [entry(a, { amountCents: 499 })] }), 422, 'AMOUNT_BELOW_MINIMUM')
    expect(await stateOf(id, [client.userId, expert.userId])).toEqual(before)
    const accepted = await expectOk(api(client, 'POST', `/change-requests/${rid}/accept`, { milestones: [entry(a, { amountCents: 12_500 }), entry(b)] }))
    expect(accepted).toMatchObject({ changeRequest: null, planVersion: 2 })
    expect(accepted.milestones.map((m: { amountCents: number }) => m.amountCents)).toEqual([12_500, 10_000])
    expectError(await api(client, 'POST', `/change-requests/${rid}/accept`), 409, 'NO_PENDING_CHANGE_REQUEST')

    const second = await expectOk(api(expert, 'POST', '/change-requests', { baseVersion: 2, message: 'Drop B', milestones: [entry(a, { amountCents: 12_500 })] }))
    // The request leaves A alone, so A can still be funded; the request is rebased.
    const fundedA = await expectOk(api(client, 'POST', `/milestones/${a!.id}/fund`))
    expect(fundedA.changeRequest).toMatchObject({ id: second.changeRequest.id, baseVersion: fundedA.planVersion, milestones: [] })
    const declined = await expectOk(api(client, 'POST', `/change-requests/${second.changeRequest.id}/decline`, { reason: 'Keep B' }))
    expect(declined.changeRequest).toBeNull()
    expect(await db.changeRequest.findFirstOrThrow({ where: { id: second.changeRequest.id } })).toMatchObject({ status: 'DECLINED', reason: 'Keep B' })
    const third = await expectOk(api(expert, 'POST', '/change-requests', { baseVersion: declined.planVersion, message: 'Add C', milestones: [entry(b), milestone('C')] }))
    expectError(await api(client, 'POST', `/change-requests/${third.changeRequest.id}/withdraw`), 403, 'FORBIDDEN_FOR_ROLE')
    expect((await expectOk(api(expert, 'POST', `/change-requests/${third.changeRequest.id}/withdraw`))).changeRequest).toBeNull()
    expectError(await api(client, 'POST', `/change-requests/${third.changeRequest.id}/decline`), 409, 'NO_PENDING_CHANGE_REQUEST')
  })

  it('R9: a save or request based on an old version is refused with the current contract in details', async () => {
    const { client, expert, api, id } = await createApiScenario()
    await expectOk(api(client, 'PUT', '/milestones', { baseVersion: 1, milestones: [milestone('New plan')] }))
    const before = await stateOf(id, [client.userId, expert.userId])
    const stale = await api(client, 'PUT', '/milestones', { baseVersion: 1, milestones: [milestone('Old edit')] })
    expectError(stale, 409, 'STALE_PLAN_VERSION')
    const current = (await api(client, 'GET')).body
    expect(stale.body.error.details).toEqual(current)
    expect(current.planVersion).toBe(2)
    const staleRequest = await api(expert, 'POST', '/change-requests', { baseVersion: 1, message: 'x', milestones: [] })
    expectError(staleRequest, 409, 'STALE_PLAN_VERSION')
    expect(staleRequest.body.error.details).toEqual((await api(expert, 'GET')).body)
    expect(await stateOf(id, [client.userId, expert.userId])).toEqual(before)
  })

  it('R10: due dates not in the past; a funded milestone’s date is fixed; in progress past due shows overdue', async () => {
    const { client, api, id } = await createApiScenario([milestone('A'), milestone('B')])
    const today = todayAoE(new Date())
    const [a, b] = contractView.parse((await api(client, 'GET')).body).milestones
    expectError(await api(client, 'PUT', '/milestones', { baseVersion: 1, milestones: [{ id: a!.id, title: 'A', amountCents: 10_000, dueDate: addDays(today, -1) }] }), 422, 'DUE_DATE_IN_PAST')
    expectError(await api(client, 'PUT', '/milestones', { baseVersion: 1, milestones: [{ title: 'A', amountCents: 10_000, dueDate: '2026-02-30' }] }), 422, 'VALIDATION_FAILED')
    const dated = await expectOk(api(client, 'PUT', '/milestones', { baseVersion: 1, milestones: [{ id: a!.id, title: 'A', amountCents: 10_000, dueDate: today }, { id: b!.id, title: 'B', amountCents: 10_000, dueDate: addDays(today, 7) }] }))
    expect(dated.milestones.map((m: { dueDate: string | null }) => m.dueDate)).toEqual([today, addDays(today, 7)])
    const funded = await expectOk(api(client, 'POST', `/milestones/${a!.id}/fund`))
    expectError(await api(client, 'PUT', '/milestones', { baseVersion: funded.planVersion, milestones: [{ id: a!.id, title: 'A', amountCents: 10_000, dueDate: addDays(today, 30) }, { id: b!.id, title: 'B', amountCents: 10_000 }] }), 409, 'MILESTONE_LOCKED')
    expect(funded.milestones[0].overdue).toBe(false)
    // Time passes: the funded milestone's day ends everywhere (set in the database, the API cannot backdate).
    await db.milestone.updateMany({ where: { id: a!.id }, data: { dueDate: new Date(`${addDays(today, -2)}T00:00:00.000Z`) } })
    const later = contractView.parse((await api(client, 'GET')).body)
    expect(later.milestones.map((m) => [m.title, m.overdue])).toEqual([
      ['A', true],
      ['B', false],
    ])
    // Missed deadlines have no other effect: the client may still release.
    await expectOk(api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 10_000 }))
    expect((await callApi({ as: client, method: 'GET', path: `/api/contracts/${id}` })).body.deadlines).toMatchObject({ lateCount: 1, totalDaysLate: 2 })
  })

  it('R11: close at once with nothing held; otherwise a settlement the expert accepts or declines; closed is read-only', async () => {
    const empty = await createApiScenario()
    const closedAtOnce = await expectOk(empty.api(empty.expert, 'POST', '/close'))
    expect(closedAtOnce).toMatchObject({ status: 'CLOSED', allowedActions: ['LEAVE_REVIEW'] })

    const { client, expert, api, id } = await createApiScenario()
    const [a] = contractView.parse((await api(client, 'GET')).body).milestones
    await expectOk(api(client, 'POST', `/milestones/${a!.id}/fund`))
    expectError(await api(client, 'POST', '/close', { refundCents: 10_001 }), 422, 'REFUND_EXCEEDS_HELD')
    expectError(await api(client, 'POST', '/close'), 422, 'VALIDATION_FAILED')
    expectError(await api(client, 'POST', '/close', { refundCents: -1 }), 422, 'VALIDATION_FAILED')
    expectError(await api(expert, 'POST', '/close/accept'), 409, 'NO_PENDING_CLOSE_PROPOSAL')
    const proposed = await expectOk(api(client, 'POST', '/close', { refundCents: 2_500 }))
    expect(proposed.closeProposal).toMatchObject({ refundCents: 2_500, releaseCents: 7_500, proposedAt: expect.any(String) })
    expectError(await api(client, 'POST', '/close', { refundCents: 0 }), 409, 'CLOSE_PROPOSAL_PENDING')
    expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 100 }), 409, 'CLOSE_PROPOSAL_PENDING')
    expectError(await api(client, 'POST', '/close/accept'), 403, 'FORBIDDEN_FOR_ROLE')
    expect((await expectOk(api(expert, 'POST', '/close/decline'))).closeProposal).toBeNull()
    await expectOk(api(client, 'POST', '/close', { refundCents: 2_500 }))
    const closed = await expectOk(api(expert, 'POST', '/close/accept'))
    expect(closed).toMatchObject({ status: 'CLOSED', escrow: { depositedCents: 10_000, releasedCents: 7_500, refundedCents: 2_500, heldCents: 0, balanceCents: 0 } })
    expectError(await api(client, 'PUT', '/milestones', { baseVersion: closed.planVersion, milestones: [] }), 409, 'CONTRACT_CLOSED')
    expectError(await api(client, 'POST', '/close', {}), 409, 'CONTRACT_CLOSED')
    expectError(await api(expert, 'POST', '/change-requests', { baseVersion: closed.planVersion, message: 'x', milestones: [] }), 409, 'CONTRACT_CLOSED')

    // An expert who closes refunds everything held.
    const third = await createApiScenario()
    const [first] = contractView.parse((await third.api(third.client, 'GET')).body).milestones
    await expectOk(third.api(third.client, 'POST', `/milestones/${first!.id}/fund`))
    expectError(await third.api(third.expert, 'POST', '/close', { refundCents: 1 }), 422, 'VALIDATION_FAILED')
    const refunded = await expectOk(third.api(third.expert, 'POST', '/close'))
    expect(refunded).toMatchObject({ status: 'CLOSED', escrow: { refundedCents: 10_000, heldCents: 0 } })
    expect(refunded.milestones[0].state).toBe('REFUNDED')
    expect(await findReconciliationProblems([id, third.id, empty.id])).toEqual([])
  })

  it('R12: one review per party after close, the client rating deadlines too', async () => {
    const { client, expert, api } = await createApiScenario()
    expectError(await api(client, 'POST', '/reviews', { rating: 5, timelinessRating: 5 }), 409, 'CONTRACT_NOT_CLOSED')
    await expectOk(api(client, 'POST', '/close'))
    expectError(await api(client, 'POST', '/reviews', { rating: 6, timelinessRating: 5 }), 422, 'VALIDATION_FAILED')
    expectError(await api(client, 'POST', '/reviews', { rating: 0, timelinessRating: 5 }), 422, 'VALIDATION_FAILED')
    expectError(await api(client, 'POST', '/reviews', { rating: 4.5, timelinessRating: 5 }), 422, 'VALIDATION_FAILED')
    expectError(await api(client, 'POST', '/reviews', { rating: 5 }), 422, 'VALIDATION_FAILED')
    expectError(await api(expert, 'POST', '/reviews', { rating: 5, timelinessRating: 3 }), 422, 'VALIDATION_FAILED')
    await expectOk(api(client, 'POST', '/reviews', { rating: 5, timelinessRating: 4, comment: 'On time' }))
    expectError(await api(client, 'POST', '/reviews', { rating: 1, timelinessRating: 1 }), 409, 'ALREADY_REVIEWED')
    const both = await expectOk(api(expert, 'POST', '/reviews', { rating: 4 }))
    expect(both.reviews).toHaveLength(2)
    expect(both.allowedActions).toEqual([])
  })

  it('R13: an Idempotency-Key replay returns the first body and moves no money twice; another body is refused', async () => {
    const { client, expert, api, id } = await createApiScenario()
    const [a] = contractView.parse((await api(client, 'GET')).body).milestones
    const key = { 'idempotency-key': 'fund-a-1' }
    const first = await api(client, 'POST', `/milestones/${a!.id}/fund`, undefined, key)
    const replay = await api(client, 'POST', `/milestones/${a!.id}/fund`, undefined, key)
    expect(first.status).toBe(200)
    expect(replay.status).toBe(200)
    expect(replay.text).toBe(first.text)
    expect((await ledgerOf(id)).filter((e) => e.kind === 'DEPOSIT')).toHaveLength(1)

    const releaseKey = { 'idempotency-key': 'release-a-1' }
    const released = await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 4_000 }, releaseKey)
    expect((await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 4_000 }, releaseKey)).text).toBe(released.text)
    const before = await stateOf(id, [client.userId, expert.userId])
    expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 5_000 }, releaseKey), 409, 'IDEMPOTENCY_KEY_REUSED')
    expect(await stateOf(id, [client.userId, expert.userId])).toEqual(before)

    const closeKey = { 'idempotency-key': 'close-1' }
    const proposal = await api(client, 'POST', '/close', { refundCents: 6_000 }, closeKey)
    expect((await api(client, 'POST', '/close', { refundCents: 6_000 }, closeKey)).text).toBe(proposal.text)
    expectError(await api(client, 'POST', '/close', { refundCents: 1_000 }, closeKey), 409, 'IDEMPOTENCY_KEY_REUSED')
    const acceptKey = { 'idempotency-key': 'accept-1' }
    const closed = await api(expert, 'POST', '/close/accept', undefined, acceptKey)
    expect((await api(expert, 'POST', '/close/accept', undefined, acceptKey)).text).toBe(closed.text)
    expect((await ledgerOf(id)).map((e) => [e.kind, e.amountCents])).toEqual([
      ['DEPOSIT', 10_000],
      ['RELEASE', 4_000],
      ['REFUND', 6_000],
    ])
    expectError(await api(client, 'POST', `/milestones/${a!.id}/fund`, undefined, { 'idempotency-key': 'x'.repeat(256) }), 422, 'VALIDATION_FAILED')
  })

  it('R14: deposits = released + refunded + held after a full run; the ledger only grows', async () => {
    const { client, expert, api, id } = await createApiScenario([milestone('A', 10_000), milestone('B', 3_000), milestone('C', 700)])
    const [a, b, c] = contractView.parse((await api(client, 'GET')).body).milestones
    const seen: Awaited<ReturnType<typeof ledgerOf>> = []
    const step = async (call: Promise<ApiResponse>) => {
      await expectOk(call)
      const ledger = await ledgerOf(id)
      expect(ledger.slice(0, seen.length)).toEqual(seen)
      seen.splice(0, seen.length, ...ledger)
      const view = contractView.parse((await api(client, 'GET')).body)
      const { depositedCents, releasedCents, refundedCents, heldCents } = view.escrow
      expect(depositedCents).toBe(releasedCents + refundedCents + heldCents)
      expect(heldCents).toBeGreaterThanOrEqual(0)
      for (const m of view.milestones) expect(m.releasedCents).toBeLessThanOrEqual(m.fundedCents)
      expect(await findReconciliationProblems([id])).toEqual([])
    }
    await step(api(client, 'POST', `/milestones/${a!.id}/fund`))
    await step(api(expert, 'POST', `/milestones/${a!.id}/submit`))
    await step(api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 7_777 }))
    await step(api(client, 'POST', `/milestones/${b!.id}/fund`))
    await step(api(client, 'POST', `/milestones/${b!.id}/release`, { amountCents: 1 }))
    await step(api(client, 'POST', `/milestones/${c!.id}/fund`))
    await step(api(client, 'POST', '/close', { refundCents: 1_234 }))
    await step(api(expert, 'POST', '/close/accept'))
    const final = contractView.parse((await api(client, 'GET')).body)
    expect(final.escrow.heldCents).toBe(0)
    await expect(db.$executeRaw`UPDATE "LedgerEntry" SET "amountCents" = 0 WHERE "contractId" = ${id}`).rejects.toThrow()
    await expect(db.$executeRaw`DELETE FROM "LedgerEntry" WHERE "contractId" = ${id}`).rejects.toThrow()
  })
})
