import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { addDays, todayAoE } from '@/domain/dates'
import { contractView } from '@/app/api/contracts/representations'
import { getDb } from '@/server/db/client'
import { findReconciliationProblems } from '@/server/contracts/reconcile'
import { createApiScenario, expectOk, milestone, stateOf, type ApiClient, type ApiResponse } from './api-client'
import { expectError, ledgerOf } from './expectations'

/**
 * The rules of PRODUCT.md (R8–R14 here, R1–R7 in rules-r1-r7.ts) through the API, with the exact
 * status and error code the spec names: in-process against the route handlers and over HTTP
 * against the production build.
 */
export function describeRulesR8ToR14(apiClient: ApiClient) {
  const db = getDb()
  // Idempotency keys are per user; over HTTP every run of this suite is the same demo accounts.
  const run = randomUUID().slice(0, 8)

  describe(`R8–R14 through the API (${apiClient.kind})`, () => {
    it('R8: one pending request blocks plan edits and funding what it touches; accept modified, decline, withdraw', async () => {
      const { client, expert, api, id } = await createApiScenario(apiClient, [milestone('A'), milestone('B')])
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
      const { client, expert, api, id } = await createApiScenario(apiClient)
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
      const { client, api, id } = await createApiScenario(apiClient, [milestone('A'), milestone('B')])
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
      expect((await apiClient.call({ as: client, method: 'GET', path: `/api/contracts/${id}` })).body.deadlines).toMatchObject({ lateCount: 1, totalDaysLate: 2 })
    })

    it('R11: close at once with nothing held; otherwise a settlement the expert accepts or declines; closed is read-only', async () => {
      const empty = await createApiScenario(apiClient)
      const closedAtOnce = await expectOk(empty.api(empty.expert, 'POST', '/close'))
      expect(closedAtOnce).toMatchObject({ status: 'CLOSED', allowedActions: ['LEAVE_REVIEW'] })

      const { client, expert, api, id } = await createApiScenario(apiClient)
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
      const third = await createApiScenario(apiClient)
      const [first] = contractView.parse((await third.api(third.client, 'GET')).body).milestones
      await expectOk(third.api(third.client, 'POST', `/milestones/${first!.id}/fund`))
      expectError(await third.api(third.expert, 'POST', '/close', { refundCents: 1 }), 422, 'VALIDATION_FAILED')
      const refunded = await expectOk(third.api(third.expert, 'POST', '/close'))
      expect(refunded).toMatchObject({ status: 'CLOSED', escrow: { refundedCents: 10_000, heldCents: 0 } })
      expect(refunded.milestones[0].state).toBe('REFUNDED')
      expect(await findReconciliationProblems([id, third.id, empty.id])).toEqual([])
    })

    it('R12: one review per party after close, the client rating deadlines too', async () => {
      const { client, expert, api } = await createApiScenario(apiClient)
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
      const { client, expert, api, id } = await createApiScenario(apiClient)
      const [a] = contractView.parse((await api(client, 'GET')).body).milestones
      const key = { 'idempotency-key': `fund-a-1-${run}` }
      const first = await api(client, 'POST', `/milestones/${a!.id}/fund`, undefined, key)
      const replay = await api(client, 'POST', `/milestones/${a!.id}/fund`, undefined, key)
      expect(first.status).toBe(200)
      expect(replay.status).toBe(200)
      expect(replay.text).toBe(first.text)
      expect((await ledgerOf(id)).filter((e) => e.kind === 'DEPOSIT')).toHaveLength(1)

      const releaseKey = { 'idempotency-key': `release-a-1-${run}` }
      const released = await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 4_000 }, releaseKey)
      expect((await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 4_000 }, releaseKey)).text).toBe(released.text)
      const before = await stateOf(id, [client.userId, expert.userId])
      expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 5_000 }, releaseKey), 409, 'IDEMPOTENCY_KEY_REUSED')
      expect(await stateOf(id, [client.userId, expert.userId])).toEqual(before)

      const closeKey = { 'idempotency-key': `close-1-${run}` }
      const proposal = await api(client, 'POST', '/close', { refundCents: 6_000 }, closeKey)
      expect((await api(client, 'POST', '/close', { refundCents: 6_000 }, closeKey)).text).toBe(proposal.text)
      expectError(await api(client, 'POST', '/close', { refundCents: 1_000 }, closeKey), 409, 'IDEMPOTENCY_KEY_REUSED')
      const acceptKey = { 'idempotency-key': `accept-1-${run}` }
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
      const { client, expert, api, id } = await createApiScenario(apiClient, [milestone('A', 10_000), milestone('B', 3_000), milestone('C', 700)])
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
      await step(api(expert, 'POST', `/milestones/${a!.id}/submit`, { message: 'Done' }))
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
}
