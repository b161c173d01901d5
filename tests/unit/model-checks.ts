import { expect } from 'vitest'
import * as domain from '../../src/domain'
import type { Action } from '../../src/domain/allowed-actions'
import type { Actor, Contract, LedgerEntry } from '../../src/domain/types'
import { CLIENT, EXPERT, OUTSIDER, usd } from './builders'
import { modelAllowedActions } from './model-actions'
import type * as ref from './model-reference'

/** The checks tests/unit/model.test.ts runs after every step. */

export function expectAgreement(contract: Contract, m: ref.Model, ledger: readonly LedgerEntry[]): void {
  expect(contract.status).toBe(m.open ? 'OPEN' : 'CLOSED')
  expect(contract.planVersion).toBe(m.version)
  expect(
    contract.milestones.map((x) => ({
      id: x.id,
      state: x.state,
      title: x.title,
      description: x.description,
      amount: x.amountCents,
      dueDate: x.dueDate,
      funded: x.fundedCents,
      released: x.releasedCents,
      reviewEnds: x.submission?.reviewEndsAt.getTime() ?? null,
      extended: x.submission?.extendedDays ?? 0,
      ext: x.extensionRequest ? { id: x.extensionRequest.id, days: x.extensionRequest.days, expires: x.extensionRequest.expiresAt.getTime() } : null,
    })),
  ).toEqual(m.milestones)
  expect(contract.escrow).toEqual({ depositedCents: m.deposited, releasedCents: m.released, refundedCents: m.refunded, balanceCents: m.balance })
  const sum = (kind: LedgerEntry['kind']) => ledger.filter((e) => e.kind === kind).reduce((s, e) => s + e.amountCents, 0)
  expect([sum('DEPOSIT'), sum('RELEASE'), sum('REFUND')]).toEqual([m.deposited, m.released, m.refunded])
  const request = contract.changeRequest
  expect(request && { id: request.id, base: request.baseVersion, plan: request.milestones, author: request.authorRole, rounds: request.rounds.length, made: request.createdAt.getTime() }).toEqual(m.request)
  expect(contract.closeProposal?.refundCents ?? null).toBe(m.proposal?.refund ?? null)
  expect(contract.reviews.map((r) => r.authorRole)).toEqual(m.reviewed)
  // R2: at most one milestone in progress.
  expect(contract.milestones.filter((x) => x.state === 'FUNDED' || x.state === 'SUBMITTED').length).toBeLessThanOrEqual(1)
  // R14.
  expect(domain.checkConservation(contract, ledger)).toEqual([])
}

/**
 * R5: locked milestones keep their place at the head and never change their terms; only an
 * accepted extension (R17, `dueDateMoved`) moves the due date of the milestone in progress.
 */
export function expectLocksKept(before: Contract, after: Contract, dueDateMoved = false): void {
  before.milestones.forEach((x, i) => {
    if (x.state === 'UPCOMING') return
    const y = after.milestones[i]!
    expect([y.id, y.title, y.description, y.amountCents, dueDateMoved ? null : y.dueDate, y.fundedCents, y.fundedAt]).toEqual([x.id, x.title, x.description, x.amountCents, dueDateMoved ? null : x.dueDate, x.fundedCents, x.fundedAt])
    expect(y.state).not.toBe('UPCOMING')
  })
  const firstUpcoming = after.milestones.findIndex((x) => x.state === 'UPCOMING')
  if (firstUpcoming >= 0) expect(after.milestones.slice(firstUpcoming).every((x) => x.state === 'UPCOMING')).toBe(true)
}

/** Whether the command behind `action` succeeds, as that action, for `actor` now. */
function succeedsAs(action: Action, c: Contract, actor: Actor, now: Date): boolean {
  const ctx = { now, newId: () => 'probe' }
  const role = domain.roleOf(c, actor.userId)
  const plan = domain.upcomingEntries(c)
  switch (action) {
    case 'EDIT_PLAN':
      return domain.savePlan(c, actor, { baseVersion: c.planVersion, milestones: plan }, ctx).ok
    case 'PROPOSE_CHANGES':
      return domain.proposeChanges(c, actor, { baseVersion: c.planVersion, milestones: plan.length > 0 ? plan.slice(0, -1) : [{ title: 'x', amountCents: usd(500) }], message: '' }, ctx).ok
    case 'REVIEW_CHANGES':
      return domain.declineChanges(c, actor, { requestId: c.changeRequest?.id ?? 'none' }, ctx).ok
    case 'WITHDRAW_CHANGES':
      return domain.withdrawChanges(c, actor, { requestId: c.changeRequest?.id ?? 'none' }, ctx).ok
    case 'COUNTER_CHANGES': {
      const counter = [...plan, { title: 'One more', description: '', amountCents: usd(500), dueDate: null }]
      return domain.counterChanges(c, actor, { requestId: c.changeRequest?.id ?? 'none', baseVersion: c.planVersion, milestones: counter, message: '' }, ctx).ok
    }
    case 'FUND_MILESTONE':
      return domain.fundMilestone(c, actor, { milestoneId: domain.nextUpcoming(c)?.id ?? 'none' }, ctx).ok
    case 'SUBMIT_WORK':
      return domain.submitWork(c, actor, { milestoneId: c.milestones.find((x) => x.state === 'FUNDED')?.id ?? 'none', message: 'Done' }, ctx).ok
    case 'RELEASE_PAYMENT':
      return domain.releasePayment(c, actor, { milestoneId: domain.inProgressMilestone(c)?.id ?? 'none', amountCents: usd(1) }, ctx).ok
    case 'PROPOSE_CLOSE': {
      const r = domain.closeContract(c, actor, { refundCents: usd(0) }, ctx)
      return r.ok && r.value.contract.status === 'OPEN' && r.value.contract.closeProposal !== null
    }
    case 'CLOSE': {
      const r = domain.closeContract(c, actor, {}, ctx)
      return r.ok && r.value.contract.status === 'CLOSED'
    }
    case 'ACCEPT_CLOSE':
      return domain.acceptClose(c, actor, ctx).ok
    case 'DECLINE_CLOSE':
      return domain.declineClose(c, actor, ctx).ok
    case 'LEAVE_REVIEW':
      return domain.leaveReview(c, actor, { rating: 5, timelinessRating: role === 'CLIENT' ? 5 : null, comment: '' }, ctx).ok
    case 'REQUEST_CHANGES':
      return domain.requestWorkChanges(c, actor, { milestoneId: domain.inProgressMilestone(c)?.id ?? 'none', message: 'Fix it' }, ctx).ok
    case 'WITHDRAW_SUBMISSION':
      return domain.withdrawSubmission(c, actor, { milestoneId: domain.inProgressMilestone(c)?.id ?? 'none' }, ctx).ok
    case 'EXTEND_REVIEW':
      return domain.extendReview(c, actor, { milestoneId: domain.inProgressMilestone(c)?.id ?? 'none', days: 1, reason: 'Busy' }, ctx).ok
    case 'REQUEST_EXTENSION':
      return domain.requestExtension(c, actor, { milestoneId: domain.inProgressMilestone(c)?.id ?? 'none', days: 1, reason: 'Busy' }, ctx).ok
    case 'ANSWER_EXTENSION':
      return domain.declineExtension(c, actor, { requestId: domain.inProgressMilestone(c)?.extensionRequest?.id ?? 'none' }, ctx).ok
    case 'OPEN_DISPUTE':
      return domain.openDispute(c, actor, { statement: 'Not as agreed', releaseCents: usd(0) }, ctx).ok
    case 'ANSWER_DISPUTE':
      return domain.makeDisputeOffer(c, actor, { disputeId: c.dispute?.id ?? 'none', statement: 'Counter', releaseCents: usd(0) }, ctx).ok
    case 'ESCALATE_DISPUTE':
      return domain.escalateDispute(c, c.dispute?.id ?? 'none', now, actor).ok
  }
}
const ALL_ACTIONS: Action[] = [
  'EDIT_PLAN', 'PROPOSE_CHANGES', 'REVIEW_CHANGES', 'WITHDRAW_CHANGES', 'COUNTER_CHANGES', 'FUND_MILESTONE', 'SUBMIT_WORK', 'RELEASE_PAYMENT', 'PROPOSE_CLOSE', 'ACCEPT_CLOSE', 'DECLINE_CLOSE', 'CLOSE', 'LEAVE_REVIEW',
  'REQUEST_CHANGES', 'WITHDRAW_SUBMISSION', 'EXTEND_REVIEW', 'REQUEST_EXTENSION', 'ANSWER_EXTENSION', 'OPEN_DISPUTE', 'ANSWER_DISPUTE', 'ESCALATE_DISPUTE',
]

const WHO: [Actor, ref.Who][] = [
  [CLIENT, 'client'],
  [EXPERT, 'expert'],
  [OUTSIDER, 'outsider'],
]

/**
 * allowedActions, for each person: equal to the reference model's own computation, and each
 * action listed is one the domain's command accepts (each one left out, one it refuses).
 */
export function expectActionsMatch(c: Contract, m: ref.Model, now: Date): void {
  for (const [actor, who] of WHO) {
    const listed = domain.allowedActions(c, actor.userId, now)
    expect([...listed].sort(), `allowedActions for the ${who}`).toEqual(modelAllowedActions(m, who, now))
    for (const action of ALL_ACTIONS) {
      if (listed.includes(action) !== succeedsAs(action, c, actor, now)) {
        expect.fail(`${actor.userId}: ${action} is ${listed.includes(action) ? '' : 'not '}listed but its command ${listed.includes(action) ? 'fails' : 'succeeds'}`)
      }
    }
  }
}
