import { describe, expect, it } from 'vitest'
import { releasePayment } from '../../src/domain/release-payment'
import { submitWork } from '../../src/domain/submit-work'
import type { Contract } from '../../src/domain/types'
import { CLIENT, EXPERT, NOW, OUTSIDER, expectError, expectOk, makeContract, makeCtx, makeFunded, makeMilestone, makeReleased, usd } from './builders'

const doing = () => makeFunded({ amountCents: usd(10_000) })
const release = (contract: Contract, amount: number, id = contract.milestones[0]!.id) =>
  releasePayment(contract, CLIENT, { milestoneId: id, amountCents: usd(amount) }, makeCtx())

describe('submitWork', () => {
  it('the expert submits the funded milestone', () => {
    const m = doing()
    const out = expectOk(submitWork(makeContract({ milestones: [m] }), EXPERT, { milestoneId: m.id, message: 'Done' }, makeCtx()))
    expect(out.contract.milestones[0]).toMatchObject({ state: 'SUBMITTED', submittedAt: NOW })
    expect(out.events).toEqual([{ type: 'WORK_SUBMITTED', actorRole: 'EXPERT', data: { milestoneId: m.id, title: m.title, message: 'Done', links: [], reviewEndsAt: new Date(NOW.getTime() + 14 * 86_400_000).toISOString() } }])
  })

  it('refuses roles, unknown milestones and milestones not funded', () => {
    const m = doing()
    const up = makeMilestone()
    const sent = makeFunded({ state: 'SUBMITTED' })
    const contract = makeContract({ milestones: [m, up] })
    expectError(submitWork(contract, OUTSIDER, { milestoneId: m.id, message: 'Done' }, makeCtx()), 'NOT_FOUND')
    expectError(submitWork(contract, CLIENT, { milestoneId: m.id, message: 'Done' }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(submitWork({ ...contract, status: 'CLOSED' }, EXPERT, { milestoneId: m.id, message: 'Done' }, makeCtx()), 'CONTRACT_CLOSED')
    expectError(submitWork(contract, EXPERT, { milestoneId: 'ghost', message: 'Done' }, makeCtx()), 'NOT_FOUND')
    expectError(submitWork(contract, EXPERT, { milestoneId: up.id, message: 'Done' }, makeCtx()), 'MILESTONE_NOT_IN_PROGRESS')
    expectError(submitWork(makeContract({ milestones: [sent] }), EXPERT, { milestoneId: sent.id, message: 'Done' }, makeCtx()), 'MILESTONE_NOT_IN_PROGRESS')
  })
})

describe('releasePayment (R6)', () => {
  it('releases the full amount: nothing left in the balance', () => {
    const contract = makeContract({ milestones: [doing()] })
    const out = expectOk(release(contract, 10_000))
    expect(out.contract.milestones[0]).toMatchObject({ state: 'RELEASED', releasedCents: 10_000, releasedAt: NOW })
    expect(out.contract.escrow).toEqual({ depositedCents: 10_000, releasedCents: 10_000, refundedCents: 0, balanceCents: 0 })
    expect(out.ledger).toEqual([{ kind: 'RELEASE', amountCents: 10_000, milestoneId: contract.milestones[0]!.id }])
    expect(out.events[0]).toMatchObject({ type: 'PAYMENT_RELEASED', data: { amountCents: 10_000, remainderCents: 0, partial: false } })
  })

  it('releases 1 cent: a partial payment, the remainder goes to the balance', () => {
    const out = expectOk(release(makeContract({ milestones: [doing()] }), 1))
    expect(out.contract.milestones[0]).toMatchObject({ state: 'RELEASED', releasedCents: 1, fundedCents: 10_000 })
    expect(out.contract.escrow.balanceCents).toBe(9_999)
    expect(out.events[0]).toMatchObject({ data: { amountCents: 1, remainderCents: 9_999, partial: true } })
  })

  it('releases a submitted milestone too', () => {
    expect(release(makeContract({ milestones: [makeFunded({ state: 'SUBMITTED' })] }), 500).ok).toBe(true)
  })

  it('refuses funded + 1 (RELEASE_EXCEEDS_FUNDED), 0, fractions and non-numbers (VALIDATION_FAILED)', () => {
    const contract = makeContract({ milestones: [doing()] })
    expectError(release(contract, 10_001), 'RELEASE_EXCEEDS_FUNDED')
    expectError(release(contract, 0), 'VALIDATION_FAILED')
    expectError(release(contract, -1), 'VALIDATION_FAILED')
    expectError(release(contract, 0.5), 'VALIDATION_FAILED')
    expectError(release(contract, '100' as never), 'VALIDATION_FAILED')
  })

  it('refuses milestones not in progress, unknown ones, and while a close proposal waits', () => {
    const up = makeMilestone()
    const paid = makeReleased()
    const contract = makeContract({ milestones: [paid, doing(), up] })
    expectError(release(contract, 1, up.id), 'MILESTONE_NOT_IN_PROGRESS')
    expectError(release(contract, 1, paid.id), 'MILESTONE_NOT_IN_PROGRESS')
    expectError(release(contract, 1, 'ghost'), 'NOT_FOUND')
    expectError(release({ ...contract, closeProposal: { refundCents: usd(0), proposedAt: NOW } }, 1, contract.milestones[1]!.id), 'CLOSE_PROPOSAL_PENDING')
  })

  it('checks the role before anything else', () => {
    const contract = makeContract({ milestones: [doing()], status: 'CLOSED' })
    expectError(releasePayment(contract, OUTSIDER, { milestoneId: 'x', amountCents: usd(1) }, makeCtx()), 'NOT_FOUND')
    expectError(releasePayment(contract, EXPERT, { milestoneId: 'x', amountCents: usd(1) }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(release(contract, 1), 'CONTRACT_CLOSED')
  })
})
