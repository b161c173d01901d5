import { describe, expect, it } from 'vitest'
import { acceptChanges } from '../../src/domain/accept-changes'
import { counterChanges } from '../../src/domain/counter-changes'
import { createContract } from '../../src/domain/create-contract'
import { fundMilestone } from '../../src/domain/fund-milestone'
import { comparePlanSnapshots, planVersionMade, snapshotPlan } from '../../src/domain/plan-history'
import { proposeChanges } from '../../src/domain/propose-changes'
import { releasePayment } from '../../src/domain/release-payment'
import { savePlan } from '../../src/domain/save-plan'
import { CLIENT, EXPERT, entry, expectOk, makeContract, makeCtx, makeMilestone, planOf, usd } from './builders'

describe('planVersionMade (R20)', () => {
  it('a new contract makes version 1, CREATED, with the whole plan', () => {
    const out = expectOk(createContract({ clientId: CLIENT.userId, expertId: EXPERT.userId, title: 'T', milestones: [entry({ title: 'One' })] }, makeCtx()))
    const made = planVersionMade(null, out.contract, out.events)
    expect(made).toMatchObject({ version: 1, reason: 'CREATED' })
    expect(made!.milestones).toEqual([{ id: out.contract.milestones[0]!.id, title: 'One', description: '', amountCents: 5_000, dueDate: null, state: 'UPCOMING' }])
  })

  it('a save, an accepted request, an accepted counter and a funding each make a version, with their reason', () => {
    const start = makeContract({ milestones: [makeMilestone({ title: 'A' }), makeMilestone({ title: 'B' })] })
    const saved = expectOk(savePlan(start, CLIENT, { baseVersion: 3, milestones: [...planOf(start), entry()] }, makeCtx()))
    expect(planVersionMade(start, saved.contract, saved.events)).toMatchObject({ version: 4, reason: 'SAVED' })

    const requested = expectOk(proposeChanges(start, EXPERT, { baseVersion: 3, milestones: planOf(start).slice(1), message: 'm' }, makeCtx(undefined, 'r')))
    expect(planVersionMade(start, requested.contract, requested.events)).toBeNull()
    const accepted = expectOk(acceptChanges(requested.contract, CLIENT, { requestId: 'r-1' }, makeCtx()))
    expect(planVersionMade(requested.contract, accepted.contract, accepted.events)).toMatchObject({ version: 4, reason: 'REQUEST_ACCEPTED' })

    const countered = expectOk(counterChanges(requested.contract, CLIENT, { requestId: 'r-1', baseVersion: 3, milestones: [...planOf(start), entry()], message: 'm' }, makeCtx(undefined, 'c')))
    const counterAccepted = expectOk(acceptChanges(countered.contract, EXPERT, { requestId: 'c-1' }, makeCtx()))
    expect(planVersionMade(countered.contract, counterAccepted.contract, counterAccepted.events)).toMatchObject({ version: 4, reason: 'COUNTER_ACCEPTED' })

    const funded = expectOk(fundMilestone(start, CLIENT, { milestoneId: start.milestones[0]!.id }, makeCtx()))
    const made = planVersionMade(start, funded.contract, funded.events)
    expect(made).toMatchObject({ version: 4, reason: 'MILESTONE_FUNDED' })
    expect(made!.milestones.map((m) => m.state)).toEqual(['FUNDED', 'UPCOMING'])
  })

  it('commands that leave the version alone make none', () => {
    const start = makeContract({ milestones: [makeMilestone({ state: 'FUNDED', fundedCents: usd(10_000), amountCents: usd(10_000) })] })
    const released = expectOk(releasePayment(start, CLIENT, { milestoneId: start.milestones[0]!.id, amountCents: usd(10_000) }, makeCtx()))
    expect(planVersionMade(start, released.contract, released.events)).toBeNull()
  })

  it('refuses loudly a version moved by a command it cannot name', () => {
    const start = makeContract()
    expect(() => planVersionMade(start, { ...start, planVersion: 4 }, [])).toThrow(/plan version 4/)
  })
})

describe('comparePlanSnapshots (R20)', () => {
  it('diffs the whole plan with positions as the workspace counts them, and lists lock changes apart', () => {
    const before = makeContract({ milestones: [makeMilestone({ id: 'a', title: 'A' }), makeMilestone({ id: 'b', title: 'B' })] })
    const after = makeContract({
      milestones: [makeMilestone({ id: 'a', title: 'A', state: 'FUNDED', fundedCents: usd(10_000) }), makeMilestone({ id: 'b', title: 'B2' }), makeMilestone({ id: 'c', title: 'C' })],
    })
    const { changes, states } = comparePlanSnapshots(snapshotPlan(before), snapshotPlan(after))
    expect(changes).toEqual([
      { kind: 'EDITED', id: 'b', title: 'B2', fields: [{ field: 'title', from: 'B', to: 'B2' }] },
      { kind: 'ADDED', to: 2, entry: { title: 'C', description: '', amountCents: 10_000, dueDate: null } },
    ])
    expect(states).toEqual([{ id: 'a', title: 'A', from: 'UPCOMING', to: 'FUNDED' }])
    expect(comparePlanSnapshots(snapshotPlan(after), snapshotPlan(after))).toEqual({ changes: [], states: [] })
  })
})
