import { describe, expect, it } from 'vitest'
import { acceptChanges } from '../../src/domain/accept-changes'
import { counterChanges } from '../../src/domain/counter-changes'
import { declineChanges } from '../../src/domain/decline-changes'
import { fundMilestone } from '../../src/domain/fund-milestone'
import { proposeChanges } from '../../src/domain/propose-changes'
import { savePlan } from '../../src/domain/save-plan'
import type { Contract, PlanEntry } from '../../src/domain/types'
import { withdrawChanges } from '../../src/domain/withdraw-changes'
import { CLIENT, EXPERT, NOW, OUTSIDER, entry, expectError, expectOk, makeContract, makeCtx, makeMilestone, planOf, usd } from './builders'

const LATER = new Date(NOW.getTime() + 3_600_000)
const base = () => makeContract({ milestones: [makeMilestone({ title: 'A' }), makeMilestone({ title: 'B' })] })

/** The expert's request: A, B and a new "Extra" ($50). */
function withRequest(contract: Contract = base()) {
  const milestones = [...planOf(contract), entry({ title: 'Extra' })]
  return expectOk(proposeChanges(contract, EXPERT, { baseVersion: contract.planVersion, milestones, message: 'Add Extra' }, makeCtx(NOW, 'req'))).contract
}

const counter = (contract: Contract, actor = CLIENT, milestones: PlanEntry[] = [...planOf(contract), entry({ title: 'Extra', amountCents: usd(3_000) })], prefix = 'ctr') =>
  counterChanges(contract, actor, { requestId: contract.changeRequest?.id ?? 'none', baseVersion: contract.planVersion, milestones, message: ' Cheaper? ' }, makeCtx(LATER, prefix))

describe('counterChanges (R18)', () => {
  it('the client counters the expert’s request: the counter is pending, authored by the client, with the thread', () => {
    const contract = withRequest()
    const out = expectOk(counter(contract))
    const pending = out.contract.changeRequest!
    expect(pending).toMatchObject({ id: 'ctr-1', authorRole: 'CLIENT', message: 'Cheaper?', baseVersion: 3, createdAt: LATER })
    expect(pending.milestones.map((m) => [m.title, m.amountCents])).toEqual([['A', 10_000], ['B', 10_000], ['Extra', 3_000]])
    expect(pending.rounds).toEqual([{ id: 'req-1', authorRole: 'EXPERT', message: 'Add Extra', createdAt: NOW, milestones: contract.changeRequest!.milestones }])
    expect(out.contract.milestones).toBe(contract.milestones)
    expect(out.contract.planVersion).toBe(3)
    expect(out.events).toEqual([
      {
        type: 'CHANGES_COUNTERED',
        actorRole: 'CLIENT',
        data: { requestId: 'ctr-1', counteredRequestId: 'req-1', message: 'Cheaper?', changes: [{ kind: 'ADDED', to: 2, entry: { title: 'Extra', description: '', amountCents: 3_000, dueDate: null } }] },
      },
    ])
  })

  it('the expert counters the client’s counter, and the thread grows; the client accepts the last round', () => {
    const first = expectOk(counter(withRequest())).contract
    const second = expectOk(counter(first, EXPERT, [...planOf(first), entry({ title: 'Extra', amountCents: usd(4_000) })], 'exp')).contract
    expect(second.changeRequest).toMatchObject({ id: 'exp-1', authorRole: 'EXPERT' })
    expect(second.changeRequest!.rounds.map((r) => [r.id, r.authorRole])).toEqual([['req-1', 'EXPERT'], ['ctr-1', 'CLIENT']])
    const accepted = expectOk(acceptChanges(second, CLIENT, { requestId: 'exp-1' }, makeCtx(LATER, 'new')))
    expect(accepted.contract.milestones.map((m) => [m.title, m.amountCents])).toEqual([['A', 10_000], ['B', 10_000], ['Extra', 4_000]])
    expect(accepted.contract.planVersion).toBe(4)
    expect(accepted.contract.changeRequest).toBeNull()
    expect(accepted.events[0]).toMatchObject({ type: 'CHANGE_REQUEST_ACCEPTED', actorRole: 'CLIENT', data: { requestId: 'exp-1', modified: false } })
  })

  it('the expert accepts or declines the client’s counter; the client cannot answer their own', () => {
    const countered = expectOk(counter(withRequest())).contract
    const accepted = expectOk(acceptChanges(countered, EXPERT, { requestId: 'ctr-1' }, makeCtx(LATER, 'new')))
    expect(accepted.events[0]).toMatchObject({ actorRole: 'EXPERT' })
    expect(accepted.contract.milestones.at(-1)).toMatchObject({ title: 'Extra', amountCents: 3_000 })
    const declined = expectOk(declineChanges(countered, EXPERT, { requestId: 'ctr-1', reason: 'No' }, makeCtx()))
    expect(declined.events[0]).toMatchObject({ type: 'CHANGE_REQUEST_DECLINED', actorRole: 'EXPERT' })
    expect(declined.contract.changeRequest).toBeNull()
    expectError(acceptChanges(countered, CLIENT, { requestId: 'ctr-1' }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(declineChanges(countered, CLIENT, { requestId: 'ctr-1' }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(counter(countered, CLIENT), 'FORBIDDEN_FOR_ROLE')
  })

  it('only the client accepts a modified version; the expert counters instead', () => {
    const countered = expectOk(counter(withRequest())).contract
    expectError(acceptChanges(countered, EXPERT, { requestId: 'ctr-1', milestones: planOf(countered) }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
  })

  it('the counter’s author withdraws it, and the client may edit again', () => {
    const countered = expectOk(counter(withRequest())).contract
    expectError(withdrawChanges(countered, EXPERT, { requestId: 'ctr-1' }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    const out = expectOk(withdrawChanges(countered, CLIENT, { requestId: 'ctr-1' }, makeCtx()))
    expect(out.events).toEqual([{ type: 'CHANGE_REQUEST_WITHDRAWN', actorRole: 'CLIENT', data: { requestId: 'ctr-1' } }])
    expect(savePlan(out.contract, CLIENT, { baseVersion: 3, milestones: [] }, makeCtx()).ok).toBe(true)
  })

  it('refuses outsiders, the author, a closed contract and no pending request, in that order', () => {
    const contract = withRequest()
    expectError(counter(contract, OUTSIDER), 'NOT_FOUND')
    expectError(counter(contract, EXPERT), 'FORBIDDEN_FOR_ROLE')
    expectError(counter({ ...contract, status: 'CLOSED', changeRequest: null }, CLIENT), 'CONTRACT_CLOSED')
    expectError(counter(base(), CLIENT), 'NO_PENDING_CHANGE_REQUEST')
    expectError(counterChanges(contract, CLIENT, { requestId: 'other', baseVersion: 3, milestones: [], message: '' }, makeCtx()), 'NO_PENDING_CHANGE_REQUEST')
  })

  it('refuses a stale plan version, a bad plan, the current plan and the proposal itself', () => {
    const contract = withRequest()
    const input = { requestId: 'req-1', message: 'x' }
    expectError(counterChanges(contract, CLIENT, { ...input, baseVersion: 2, milestones: [] }, makeCtx()), 'STALE_PLAN_VERSION')
    expectError(counterChanges(contract, CLIENT, { ...input, baseVersion: 3, milestones: [entry({ amountCents: usd(499) })] }, makeCtx()), 'AMOUNT_BELOW_MINIMUM')
    expectError(counterChanges(contract, CLIENT, { ...input, baseVersion: 3, milestones: [entry({ dueDate: '2026-06-01' })] }, makeCtx()), 'DUE_DATE_IN_PAST')
    expectError(counterChanges(contract, CLIENT, { ...input, baseVersion: 3, milestones: planOf(contract) }, makeCtx()), 'VALIDATION_FAILED')
    const same = counterChanges(contract, CLIENT, { ...input, baseVersion: 3, milestones: [...planOf(contract), entry({ title: 'Extra' })] }, makeCtx())
    expect(expectError(same, 'VALIDATION_FAILED').message).toMatch(/accept it instead/)
    expectError(counterChanges(contract, CLIENT, { ...input, baseVersion: 3, milestones: [entry()], message: 'x'.repeat(2001) }, makeCtx()), 'VALIDATION_FAILED')
  })

  it('a funding the counter leaves alone rebases it, and the counter still applies', () => {
    const start = base()
    const first = start.milestones[0]!
    const countered = expectOk(counter(withRequest(start))).contract
    const funded = expectOk(fundMilestone(countered, CLIENT, { milestoneId: first.id }, makeCtx())).contract
    expect(funded.changeRequest).toMatchObject({ id: 'ctr-1', baseVersion: 4 })
    expect(funded.changeRequest!.milestones.map((m) => m.title)).toEqual(['B', 'Extra'])
    const accepted = expectOk(acceptChanges(funded, EXPERT, { requestId: 'ctr-1' }, makeCtx(LATER, 'new')))
    expect(accepted.contract.milestones.map((m) => [m.title, m.state])).toEqual([['A', 'FUNDED'], ['B', 'UPCOMING'], ['Extra', 'UPCOMING']])
  })
})
