import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allowedActions } from '../../src/domain/allowed-actions'
import { acceptClose, closeContract } from '../../src/domain/close-contract'
import {
  acceptDisputeOffer,
  decideDispute,
  decideDisputeEscalation,
  DISPUTE_ANSWER_DAYS,
  DISPUTE_ESCALATION,
  disputeEscalationDueAt,
  escalateDispute,
  makeDisputeOffer,
  openDispute,
  SYSTEM,
} from '../../src/domain/disputes'
import { fundMilestone } from '../../src/domain/fund-milestone'
import { checkConservation } from '../../src/domain/ledger'
import { moneyFreeze } from '../../src/domain/money-freeze'
import { releasePayment } from '../../src/domain/release-payment'
import { CLIENT, EXPERT, NOW, OUTSIDER, expectError, expectOk, holding, makeContract, makeCtx, usd } from './builders'

const OPERATOR = { userId: 'user-operator' }
const DAY = 86_400_000
const later = (ms: number) => new Date(NOW.getTime() + ms)

const offer = (releaseCents: number, statement = 'Not as agreed.') => ({ statement, releaseCents: usd(releaseCents) })

/** The expert opened a dispute offering $80.00 of the $100.00 to themself. */
function disputed(state: 'FUNDED' | 'SUBMITTED' = 'FUNDED') {
  const base = holding(state)
  const opened = expectOk(openDispute(base.contract, EXPERT, offer(8_000, 'Delivered as agreed.'), makeCtx(NOW, 'open')))
  return { ...base, contract: opened.contract, dispute: opened.contract.dispute! }
}

/** …and the client answered with $30.00, then escalated. */
function escalated() {
  const { contract, dispute, ledger } = disputed()
  const countered = expectOk(makeDisputeOffer(contract, CLIENT, { disputeId: dispute.id, ...offer(3_000, 'Half is missing.') }, makeCtx(later(DAY), 'counter'))).contract
  return { contract: expectOk(escalateDispute(countered, dispute.id, later(2 * DAY), CLIENT)).contract, dispute, ledger }
}

describe('openDispute', () => {
  it.each(['FUNDED', 'SUBMITTED'] as const)('either party opens one about the %s milestone with a statement and an offer', (state) => {
    const { contract } = holding(state)
    const milestone = contract.milestones[1]!
    for (const [actor, role] of [
      [CLIENT, 'CLIENT'],
      [EXPERT, 'EXPERT'],
    ] as const) {
      const out = expectOk(openDispute(contract, actor, offer(2_500, '  The design misses the brief.  '), makeCtx()))
      expect(out.contract.dispute).toMatchObject({
        status: 'OPEN',
        milestoneId: milestone.id,
        openedBy: role,
        openedAt: NOW,
        offers: [{ by: role, releaseCents: 2_500, statement: 'The design misses the brief.', at: NOW }],
        decision: null,
      })
      expect(out.ledger).toEqual([])
      expect(out.events).toEqual([
        {
          type: 'DISPUTE_OPENED',
          actorRole: role,
          data: expect.objectContaining({ milestoneId: milestone.id, title: milestone.title, releaseCents: 2_500, refundCents: 7_500, statement: 'The design misses the brief.' }),
        },
      ])
    }
  })

  it('accepts 0 and the whole held amount, and refuses more than the milestone holds (422 naming releaseCents)', () => {
    const { contract } = holding()
    expectOk(openDispute(contract, CLIENT, offer(0), makeCtx()))
    expectOk(openDispute(contract, EXPERT, offer(10_000), makeCtx()))
    // The contract holds $130.00, but the milestone only $100.00: the balance is not disputed.
    const error = expectError(openDispute(contract, EXPERT, offer(10_001), makeCtx()), 'OFFER_EXCEEDS_HELD')
    expect(error.details).toEqual({ field: 'releaseCents', heldCents: 10_000 })
  })

  it.each([-1, 1.5, Number.NaN, '100' as unknown as number])('refuses %s cents as malformed, naming releaseCents', (bad) => {
    const error = expectError(openDispute(holding().contract, CLIENT, { statement: 'x', releaseCents: bad as never }, makeCtx()), 'VALIDATION_FAILED')
    expect(error.details).toEqual({ field: 'releaseCents' })
  })

  it('refuses a blank statement, naming it', () => {
    expect(expectError(openDispute(holding().contract, CLIENT, offer(0, '   '), makeCtx()), 'VALIDATION_FAILED').details).toEqual({ field: 'statement' })
  })

  it('refuses outsiders, closed contracts, no milestone in progress, a pending close settlement and a second dispute', () => {
    const { contract } = holding()
    expectError(openDispute(contract, OUTSIDER, offer(0), makeCtx()), 'NOT_FOUND')
    expectError(openDispute({ ...contract, status: 'CLOSED' }, CLIENT, offer(0), makeCtx()), 'CONTRACT_CLOSED')
    expectError(openDispute(makeContract(), CLIENT, offer(0), makeCtx()), 'MILESTONE_NOT_IN_PROGRESS')
    expectError(openDispute({ ...contract, closeProposal: { refundCents: usd(0), proposedAt: NOW } }, EXPERT, offer(0), makeCtx()), 'CLOSE_PROPOSAL_PENDING')
    expectError(openDispute(disputed().contract, CLIENT, offer(0), makeCtx()), 'DISPUTE_OPEN')
    expectError(openDispute(escalated().contract, EXPERT, offer(0), makeCtx()), 'DISPUTE_OPEN')
  })

  it('refuses either party once the submission’s review window has ended: the auto-release is due', () => {
    const { contract } = holding('SUBMITTED')
    const submission = { message: 'Done.', links: [], submittedAt: later(-3 * DAY), reviewEndsAt: later(DAY), extendedDays: 0, lastReminderAt: null }
    const submitted = { ...contract, milestones: contract.milestones.map((m, i) => (i === 1 ? { ...m, submission } : m)) }
    expectOk(openDispute(submitted, CLIENT, offer(0), makeCtx(later(DAY - 1))))
    expect(allowedActions(submitted, CLIENT.userId, later(DAY - 1))).toContain('OPEN_DISPUTE')
    for (const actor of [CLIENT, EXPERT]) {
      expectError(openDispute(submitted, actor, offer(0), makeCtx(later(DAY))), 'REVIEW_WINDOW_ENDED')
      expect(allowedActions(submitted, actor.userId, later(DAY))).not.toContain('OPEN_DISPUTE')
    }
  })
})

describe('moneyFreeze: no money moves while a dispute is open', () => {
  it.each([
    ['OPEN', () => disputed().contract],
    ['ESCALATED', () => escalated().contract],
  ] as const)('while %s: fund, release, close and accepting a settlement are refused with DISPUTE_OPEN', (_status, make) => {
    const contract = make()
    expect(moneyFreeze(contract)).toEqual({ ok: false, error: expect.objectContaining({ code: 'DISPUTE_OPEN', details: { disputeId: contract.dispute!.id } }) })
    const milestone = contract.milestones[1]!
    expectError(releasePayment(contract, CLIENT, { milestoneId: milestone.id, amountCents: usd(100) }, makeCtx()), 'DISPUTE_OPEN')
    expectError(closeContract(contract, CLIENT, { refundCents: usd(0) }, makeCtx()), 'DISPUTE_OPEN')
    expectError(closeContract(contract, EXPERT, {}, makeCtx()), 'DISPUTE_OPEN')
    expectError(acceptClose({ ...contract, closeProposal: { refundCents: usd(0), proposedAt: NOW } }, EXPERT, makeCtx()), 'DISPUTE_OPEN')
    // Funding waits for the settlement too (here the next milestone could be funded once settled).
    const settledFirst = { ...contract, milestones: contract.milestones.map((m) => (m.id === milestone.id ? { ...m, state: 'REFUNDED' as const } : m)) }
    expectError(fundMilestone(settledFirst, CLIENT, { milestoneId: contract.milestones[2]!.id }, makeCtx()), 'DISPUTE_OPEN')
  })

  it('lifts once the dispute settles', () => {
    const { contract, dispute } = disputed()
    const settled = expectOk(acceptDisputeOffer(contract, CLIENT, { disputeId: dispute.id, offerId: dispute.offers[0]!.id }, makeCtx())).contract
    expect(moneyFreeze(settled)).toEqual({ ok: true, value: null })
    expectOk(fundMilestone(settled, CLIENT, { milestoneId: settled.milestones[2]!.id }, makeCtx()))
  })
})

describe('makeDisputeOffer', () => {
  it('the party the standing offer waits for answers with their own; then it is the other party’s turn', () => {
    const { contract, dispute } = disputed()
    expectError(makeDisputeOffer(contract, EXPERT, { disputeId: dispute.id, ...offer(7_000) }, makeCtx()), 'OFFER_AWAITING_ANSWER')
    const out = expectOk(makeDisputeOffer(contract, CLIENT, { disputeId: dispute.id, ...offer(3_000, 'Half is missing.') }, makeCtx(later(DAY), 'c')))
    expect(out.contract.dispute!.offers.map((o) => [o.by, o.releaseCents])).toEqual([
      ['EXPERT', 8_000],
      ['CLIENT', 3_000],
    ])
    expect(out.events[0]).toMatchObject({ type: 'DISPUTE_OFFER_MADE', actorRole: 'CLIENT', data: { releaseCents: 3_000, refundCents: 7_000, statement: 'Half is missing.' } })
    expectError(makeDisputeOffer(out.contract, CLIENT, { disputeId: dispute.id, ...offer(2_000) }, makeCtx()), 'OFFER_AWAITING_ANSWER')
    expectOk(makeDisputeOffer(out.contract, EXPERT, { disputeId: dispute.id, ...offer(6_000) }, makeCtx()))
  })

  it('refuses offers above what the milestone holds, unknown disputes, outsiders, and settled disputes', () => {
    const { contract, dispute } = disputed()
    expect(expectError(makeDisputeOffer(contract, CLIENT, { disputeId: dispute.id, ...offer(10_001) }, makeCtx()), 'OFFER_EXCEEDS_HELD').details).toMatchObject({ field: 'releaseCents' })
    expectError(makeDisputeOffer(contract, CLIENT, { disputeId: 'other', ...offer(0) }, makeCtx()), 'NOT_FOUND')
    expectError(makeDisputeOffer(contract, OUTSIDER, { disputeId: dispute.id, ...offer(0) }, makeCtx()), 'NOT_FOUND')
    const settled = expectOk(acceptDisputeOffer(contract, CLIENT, { disputeId: dispute.id, offerId: dispute.offers[0]!.id }, makeCtx())).contract
    expectError(makeDisputeOffer(settled, CLIENT, { disputeId: dispute.id, ...offer(0) }, makeCtx()), 'DISPUTE_NOT_OPEN')
  })

  it('continues while escalated: the parties may still settle before the operator decides', () => {
    const { contract, dispute } = escalated()
    const out = expectOk(makeDisputeOffer(contract, EXPERT, { disputeId: dispute.id, ...offer(5_000) }, makeCtx()))
    expect(out.contract.dispute!.status).toBe('ESCALATED')
  })
})

describe('acceptDisputeOffer', () => {
  it('settles at once: the offer released to the expert, the rest refunded, the milestone RELEASED, the balance untouched', () => {
    const { contract, dispute, ledger } = disputed()
    const offerId = dispute.offers[0]!.id
    const milestoneId = dispute.milestoneId
    const out = expectOk(acceptDisputeOffer(contract, CLIENT, { disputeId: dispute.id, offerId }, makeCtx(later(DAY))))
    expect(out.ledger).toEqual([
      { kind: 'RELEASE', amountCents: 8_000, milestoneId },
      { kind: 'REFUND', amountCents: 2_000, milestoneId },
    ])
    expect(out.contract.milestones[1]).toMatchObject({ state: 'RELEASED', releasedCents: 8_000, fundedCents: 10_000, releasedAt: later(DAY) })
    expect(out.contract.escrow).toEqual({ depositedCents: 15_000, releasedCents: 10_000, refundedCents: 2_000, balanceCents: 3_000 })
    expect(out.contract.dispute).toMatchObject({ status: 'SETTLED', settledAt: later(DAY), acceptedOfferId: offerId, decision: null })
    expect(out.events).toEqual([
      { type: 'DISPUTE_OFFER_ACCEPTED', actorRole: 'CLIENT', data: expect.objectContaining({ offerId, releaseCents: 8_000, refundCents: 2_000 }) },
    ])
    expect(checkConservation(out.contract, [...ledger, ...out.ledger])).toEqual([])
    expect(allowedActions(out.contract, CLIENT.userId, NOW)).toContain('FUND_MILESTONE')
  })

  it('an offer of nothing refunds everything: the milestone is REFUNDED and no zero release is written', () => {
    const { contract, ledger } = holding()
    const opened = expectOk(openDispute(contract, CLIENT, offer(0), makeCtx())).contract
    const out = expectOk(acceptDisputeOffer(opened, EXPERT, { disputeId: opened.dispute!.id, offerId: opened.dispute!.offers[0]!.id }, makeCtx()))
    expect(out.ledger).toEqual([{ kind: 'REFUND', amountCents: 10_000, milestoneId: opened.dispute!.milestoneId }])
    expect(out.contract.milestones[1]).toMatchObject({ state: 'REFUNDED', releasedCents: 0 })
    expect(checkConservation(out.contract, [...ledger, ...out.ledger])).toEqual([])
  })

  it('only the offer’s counterpart accepts, only the standing offer, only once', () => {
    const { contract, dispute } = disputed()
    const first = dispute.offers[0]!.id
    expectError(acceptDisputeOffer(contract, EXPERT, { disputeId: dispute.id, offerId: first }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(acceptDisputeOffer(contract, OUTSIDER, { disputeId: dispute.id, offerId: first }, makeCtx()), 'NOT_FOUND')
    expectError(acceptDisputeOffer(contract, CLIENT, { disputeId: dispute.id, offerId: 'nope' }, makeCtx()), 'NOT_FOUND')
    const countered = expectOk(makeDisputeOffer(contract, CLIENT, { disputeId: dispute.id, ...offer(3_000) }, makeCtx(NOW, 'c'))).contract
    // The client answered with their own offer: the expert's first one no longer stands.
    expectError(acceptDisputeOffer(countered, CLIENT, { disputeId: dispute.id, offerId: first }, makeCtx()), 'OFFER_SUPERSEDED')
    expectError(acceptDisputeOffer(countered, CLIENT, { disputeId: dispute.id, offerId: countered.dispute!.offers[1]!.id }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    const second = countered.dispute!.offers[1]!.id
    const settled = expectOk(acceptDisputeOffer(countered, EXPERT, { disputeId: dispute.id, offerId: second }, makeCtx())).contract
    expectError(acceptDisputeOffer(settled, EXPERT, { disputeId: dispute.id, offerId: second }, makeCtx()), 'DISPUTE_NOT_OPEN')
  })

  it('refuses an offer a newer one replaced', () => {
    const { contract, dispute } = disputed()
    const countered = expectOk(makeDisputeOffer(contract, CLIENT, { disputeId: dispute.id, ...offer(3_000) }, makeCtx(NOW, 'c'))).contract
    const again = expectOk(makeDisputeOffer(countered, EXPERT, { disputeId: dispute.id, ...offer(6_000) }, makeCtx(NOW, 'e'))).contract
    expectError(acceptDisputeOffer(again, EXPERT, { disputeId: dispute.id, offerId: countered.dispute!.offers[1]!.id }, makeCtx()), 'OFFER_SUPERSEDED')
  })

  it('any settlement amount keeps R14 and divides exactly what the milestone held (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.boolean(), (release, byOperator) => {
        const { contract, dispute, ledger } = byOperator ? escalated() : disputed()
        const accepted = () => {
          const standing = expectOk(makeDisputeOffer(contract, CLIENT, { disputeId: dispute.id, ...offer(release) }, makeCtx(later(3 * DAY), 'p'))).contract
          return acceptDisputeOffer(standing, EXPERT, { disputeId: dispute.id, offerId: standing.dispute!.offers.at(-1)!.id }, makeCtx())
        }
        const out = expectOk(byOperator ? decideDispute(contract, OPERATOR, { disputeId: dispute.id, releaseCents: usd(release), reason: 'Fair split.' }, makeCtx()) : accepted())
        expect(checkConservation(out.contract, [...ledger, ...out.ledger])).toEqual([])
        expect(out.ledger.reduce((sum, e) => sum + e.amountCents, 0)).toBe(10_000)
        expect(out.contract.escrow.balanceCents).toBe(3_000)
      }),
    )
  })
})

describe('decideDispute', () => {
  it('an operator who is a party to the contract may not decide its dispute', () => {
    const { contract, dispute } = escalated()
    for (const party of [CLIENT, EXPERT]) {
      expectError(decideDispute(contract, party, { disputeId: dispute.id, releaseCents: usd(5_000), reason: 'Mine.' }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    }
    expect(expectOk(decideDispute(contract, OPERATOR, { disputeId: dispute.id, releaseCents: usd(5_000), reason: 'Fair split.' }, makeCtx())).contract.dispute?.status).toBe('SETTLED')
  })
})

describe('escalateDispute', () => {
  it('a party asks for the operator; asking twice is refused', () => {
    const { contract, dispute } = disputed()
    const out = expectOk(escalateDispute(contract, dispute.id, later(DAY), EXPERT))
    expect(out.contract.dispute).toMatchObject({ status: 'ESCALATED', escalatedAt: later(DAY) })
    expect(out.events).toEqual([{ type: 'DISPUTE_ESCALATED', actorRole: 'EXPERT', data: expect.objectContaining({ disputeId: dispute.id, cause: 'REQUESTED' }) }])
    expectError(escalateDispute(out.contract, dispute.id, later(DAY), CLIENT), 'DISPUTE_ALREADY_ESCALATED')
    expectError(escalateDispute(contract, dispute.id, NOW, OUTSIDER), 'NOT_FOUND')
    expectError(escalateDispute(contract, 'other', NOW, CLIENT), 'NOT_FOUND')
  })

  it('the system escalates an offer unanswered for 4 days, not a moment before', () => {
    const { contract, dispute } = disputed()
    const due = disputeEscalationDueAt(dispute)!
    expect(due).toEqual(later(DISPUTE_ANSWER_DAYS * DAY))
    const early = expectOk(escalateDispute(contract, dispute.id, new Date(due.getTime() - 1), SYSTEM))
    expect(early).toEqual({ contract, events: [], ledger: [], timers: [] })
    expect(decideDisputeEscalation(contract, { subjectId: dispute.id }, makeCtx(new Date(due.getTime() - 1)))).toBeNull()
    expect(decideDisputeEscalation(contract, { subjectId: dispute.id }, makeCtx(due))?.contract.dispute?.status).toBe('ESCALATED')
    const out = expectOk(escalateDispute(contract, dispute.id, due, SYSTEM))
    expect(out.contract.dispute).toMatchObject({ status: 'ESCALATED', escalatedAt: due })
    expect(out.events).toEqual([{ type: 'DISPUTE_ESCALATED', actorRole: 'SYSTEM', data: expect.objectContaining({ cause: 'OFFER_UNANSWERED' }) }])
  })

  it('opening and every offer set the 4-day timer for the standing offer', () => {
    const { contract, dispute } = disputed()
    const opened = expectOk(openDispute(holding().contract, CLIENT, offer(0), makeCtx(NOW, 'x')))
    expect(opened.timers).toEqual([{ kind: DISPUTE_ESCALATION, subjectId: opened.contract.dispute!.id, at: later(4 * DAY) }])
    const answered = expectOk(makeDisputeOffer(contract, CLIENT, { disputeId: dispute.id, ...offer(1_000) }, makeCtx(later(DAY), 'y')))
    expect(answered.timers).toEqual([{ kind: DISPUTE_ESCALATION, subjectId: dispute.id, at: later(5 * DAY) }])
    expect(expectOk(escalateDispute(contract, dispute.id, NOW, CLIENT)).timers).toEqual([])
  })

  it('a stale timer is a no-op: a newer offer restarted the 4 days, or the dispute escalated or settled', () => {
    const { contract, dispute } = disputed()
    const countered = expectOk(makeDisputeOffer(contract, CLIENT, { disputeId: dispute.id, ...offer(3_000) }, makeCtx(later(3 * DAY), 'c'))).contract
    expect(expectOk(escalateDispute(countered, dispute.id, later(4 * DAY), SYSTEM)).events).toEqual([])
    expect(disputeEscalationDueAt(countered.dispute)).toEqual(later(7 * DAY))
    expect(expectOk(escalateDispute(countered, dispute.id, later(7 * DAY), SYSTEM)).events).toHaveLength(1)
    const byRequest = escalated().contract
    expect(disputeEscalationDueAt(byRequest.dispute)).toBeNull()
    expect(expectOk(escalateDispute(byRequest, byRequest.dispute!.id, later(30 * DAY), SYSTEM)).contract).toBe(byRequest)
    const settled = expectOk(acceptDisputeOffer(contract, CLIENT, { disputeId: dispute.id, offerId: dispute.offers[0]!.id }, makeCtx())).contract
    expect(expectOk(escalateDispute(settled, dispute.id, later(30 * DAY), SYSTEM)).events).toEqual([])
    expect(expectOk(escalateDispute(contract, 'another', later(30 * DAY), SYSTEM)).events).toEqual([])
    expect(expectOk(escalateDispute({ ...contract, status: 'CLOSED' }, dispute.id, later(30 * DAY), SYSTEM)).events).toEqual([])
    expect(disputeEscalationDueAt(null)).toBeNull()
  })
})

describe('decideDispute', () => {
  it('the operator decides an escalated dispute: released, refunded, and both parties see the reason', () => {
    const { contract, dispute, ledger } = escalated()
    const ctx = makeCtx(later(3 * DAY))
    const out = expectOk(decideDispute(contract, OPERATOR, { disputeId: dispute.id, releaseCents: usd(4_500), reason: '  Half the pages work.  ' }, ctx))
    expect(out.contract.dispute).toMatchObject({
      status: 'SETTLED',
      settledAt: later(3 * DAY),
      acceptedOfferId: null,
      decision: { releaseCents: 4_500, reason: 'Half the pages work.', operatorId: OPERATOR.userId, at: later(3 * DAY) },
    })
    expect(out.events).toEqual([
      { type: 'DISPUTE_DECIDED', actorRole: 'OPERATOR', data: expect.objectContaining({ releaseCents: 4_500, refundCents: 5_500, reason: 'Half the pages work.' }) },
    ])
    expect(checkConservation(out.contract, [...ledger, ...out.ledger])).toEqual([])
    expectError(decideDispute(out.contract, OPERATOR, { disputeId: dispute.id, releaseCents: usd(0), reason: 'Again' }, ctx), 'DISPUTE_NOT_OPEN')
  })

  it('refuses a dispute nobody escalated, more than the milestone holds, a blank reason, unknown disputes and closed contracts', () => {
    const open = disputed()
    expectError(decideDispute(open.contract, OPERATOR, { disputeId: open.dispute.id, releaseCents: usd(0), reason: 'x' }, makeCtx()), 'DISPUTE_NOT_ESCALATED')
    const { contract, dispute } = escalated()
    expect(expectError(decideDispute(contract, OPERATOR, { disputeId: dispute.id, releaseCents: usd(10_001), reason: 'x' }, makeCtx()), 'OFFER_EXCEEDS_HELD').details).toMatchObject({ field: 'releaseCents' })
    expect(expectError(decideDispute(contract, OPERATOR, { disputeId: dispute.id, releaseCents: usd(0), reason: ' ' }, makeCtx()), 'VALIDATION_FAILED').details).toEqual({ field: 'reason' })
    expectError(decideDispute(contract, OPERATOR, { disputeId: 'other', releaseCents: usd(0), reason: 'x' }, makeCtx()), 'NOT_FOUND')
    expectError(decideDispute({ ...contract, status: 'CLOSED' }, OPERATOR, { disputeId: dispute.id, releaseCents: usd(0), reason: 'x' }, makeCtx()), 'CONTRACT_CLOSED')
  })

  it('a dispute whose milestone is somehow no longer in progress settles nothing', () => {
    const { contract, dispute } = escalated()
    const broken = { ...contract, milestones: contract.milestones.map((m) => (m.id === dispute.milestoneId ? { ...m, state: 'REFUNDED' as const } : m)) }
    expectError(decideDispute(broken, OPERATOR, { disputeId: dispute.id, releaseCents: usd(0), reason: 'x' }, makeCtx()), 'MILESTONE_NOT_IN_PROGRESS')
  })
})

describe('allowedActions with disputes', () => {
  it('either party may open a dispute while a milestone is in progress, not with a close settlement pending', () => {
    const { contract } = holding()
    expect(allowedActions(contract, CLIENT.userId, NOW)).toContain('OPEN_DISPUTE')
    expect(allowedActions(contract, EXPERT.userId, NOW)).toContain('OPEN_DISPUTE')
    expect(allowedActions(makeContract(), CLIENT.userId, NOW)).not.toContain('OPEN_DISPUTE')
    const proposal = { ...contract, closeProposal: { refundCents: usd(0), proposedAt: NOW } }
    expect(allowedActions(proposal, EXPERT.userId, NOW)).not.toContain('OPEN_DISPUTE')
  })

  it('while open: money actions are gone, the party the offer waits for answers, either escalates', () => {
    const { contract } = disputed()
    expect(allowedActions(contract, CLIENT.userId, NOW)).toEqual(['EDIT_PLAN', 'ANSWER_DISPUTE', 'ESCALATE_DISPUTE'])
    expect(allowedActions(contract, EXPERT.userId, NOW)).toEqual(['PROPOSE_CHANGES', 'SUBMIT_WORK', 'ESCALATE_DISPUTE'])
    expect(allowedActions(contract, OUTSIDER.userId, NOW)).toEqual([])
  })

  it('while escalated: no more escalation; answering goes on', () => {
    const { contract } = escalated()
    expect(allowedActions(contract, CLIENT.userId, NOW)).toEqual(['EDIT_PLAN'])
    expect(allowedActions(contract, EXPERT.userId, NOW)).toEqual(['PROPOSE_CHANGES', 'SUBMIT_WORK', 'ANSWER_DISPUTE'])
  })
})
