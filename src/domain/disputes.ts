import { requireOpen, requireOpenAs } from './access'
import { fail, ok, type Result } from './errors'
import { inProgressMilestone } from './escrow'
import type { DisputeOfferData, Outcome, Timer } from './events'
import { isCents, subtractCents, type Cents } from './money'
import { isDisputeOpen } from './money-freeze'
import { isReviewOpen } from './review-window'
import { outcome } from './outcome'
import { settleDispute } from './settle-dispute'
import type { Actor, Context, Contract, Dispute, DisputeOffer, Milestone, Role } from './types'

/** R21: an offer unanswered this long escalates to the operator (Fiverr withdraws unanswered requests after 4 days). */
export const DISPUTE_ANSWER_DAYS = 4
const DAY_MS = 86_400_000

/** The due kind of the 4-day escalation timer (src/server/jobs/due-kinds.ts). */
export const DISPUTE_ESCALATION = 'DISPUTE_ESCALATION'

/** The timer an offer sets: the dispute escalates 4 days after it unless answered (a stale one is a no-op). */
function escalationTimer(dispute: Dispute): Timer[] {
  const at = disputeEscalationDueAt(dispute)
  return at ? [{ kind: DISPUTE_ESCALATION, subjectId: dispute.id, at }] : []
}

/** Who escalates: a party (by request) or the system, when the 4-day timer runs out. */
export const SYSTEM = 'SYSTEM' as const
export type EscalatedBy = Actor | typeof SYSTEM

export type OfferInput = { readonly statement: string; readonly releaseCents: Cents }

/** The offer standing now: the newest one, which only the other party may answer. */
export function latestOffer(dispute: Dispute): DisputeOffer {
  // A dispute opens with its first offer, so there is always one.
  return dispute.offers[dispute.offers.length - 1]!
}

/** When an OPEN dispute escalates by itself: 4 days after its newest offer; null once escalated or settled. */
export function disputeEscalationDueAt(dispute: Dispute | null): Date | null {
  if (!dispute || dispute.status !== 'OPEN') return null
  return new Date(latestOffer(dispute).at.getTime() + DISPUTE_ANSWER_DAYS * DAY_MS)
}

/** The milestone a dispute divides. */
export function disputedMilestone(contract: Contract, dispute: Dispute): Milestone | null {
  return contract.milestones.find((m) => m.id === dispute.milestoneId) ?? null
}

/** 0 ≤ releaseCents ≤ what the milestone holds in escrow, and a statement that says something. */
function checkOffer(milestone: Milestone, input: { statement?: string; releaseCents: unknown }, statementField = 'statement'): Result<Cents> {
  const release = input.releaseCents
  if (!isCents(release) || release < 0) return fail('VALIDATION_FAILED', 'An offer is a whole, non-negative number of cents.', { field: 'releaseCents' })
  if (release > milestone.fundedCents) {
    return fail('OFFER_EXCEEDS_HELD', 'An offer cannot release more than the milestone holds in escrow.', { field: 'releaseCents', heldCents: milestone.fundedCents })
  }
  if (input.statement !== undefined && input.statement.trim() === '') {
    return fail('VALIDATION_FAILED', 'Say what the disagreement is about.', { field: statementField })
  }
  return ok(release)
}

/** The open dispute `disputeId` names: NOT_FOUND for another id, DISPUTE_NOT_OPEN once it settled. */
function requireOpenDispute(contract: Contract, disputeId: string): Result<Dispute> {
  const dispute = contract.dispute
  if (!dispute || dispute.id !== disputeId) return fail('NOT_FOUND', 'Dispute not found.', { disputeId })
  if (!isDisputeOpen(dispute)) return fail('DISPUTE_NOT_OPEN', 'This dispute is already settled.')
  return ok(dispute)
}

function offerData(dispute: Dispute, milestone: Milestone, offer: DisputeOffer): DisputeOfferData {
  return {
    disputeId: dispute.id,
    milestoneId: milestone.id,
    title: milestone.title,
    offerId: offer.id,
    releaseCents: offer.releaseCents,
    refundCents: subtractCents(milestone.fundedCents, offer.releaseCents),
    statement: offer.statement,
  }
}

/**
 * R21: either party opens a dispute about the milestone in progress (funded or submitted) with a
 * statement and a first offer. Until it settles, money is frozen (see `moneyFreeze`).
 */
export function openDispute(contract: Contract, actor: Actor, input: OfferInput, ctx: Context): Result<Outcome> {
  const role = requireOpenAs(contract, actor, null)
  if (!role.ok) return role
  if (isDisputeOpen(contract.dispute)) return fail('DISPUTE_OPEN', 'A dispute is already open on this contract.', { disputeId: contract.dispute.id })
  if (contract.closeProposal) return fail('CLOSE_PROPOSAL_PENDING', 'A close settlement is waiting for the expert; answer it first.')
  const milestone = inProgressMilestone(contract)
  if (!milestone) return fail('MILESTONE_NOT_IN_PROGRESS', 'A dispute is about the milestone in progress, and none is funded.')
  // Once the review window has ended the auto-release is due: the time to object was the window
  // (R15), and a dispute opened in the moment before the worker runs must not freeze it.
  if (milestone.submission && !isReviewOpen(milestone, ctx.now)) {
    return fail('REVIEW_WINDOW_ENDED', 'The review window has ended: the milestone is being released automatically.')
  }
  const release = checkOffer(milestone, input)
  if (!release.ok) return release
  const offer: DisputeOffer = { id: ctx.newId(), by: role.value, releaseCents: release.value, statement: input.statement.trim(), at: ctx.now }
  const dispute: Dispute = {
    id: ctx.newId(),
    status: 'OPEN',
    milestoneId: milestone.id,
    openedBy: role.value,
    openedAt: ctx.now,
    escalatedAt: null,
    settledAt: null,
    acceptedOfferId: null,
    offers: [offer],
    decision: null,
  }
  return ok(
    outcome({ ...contract, dispute }, [{ type: 'DISPUTE_OPENED', actorRole: role.value, data: offerData(dispute, milestone, offer) }], [], escalationTimer(dispute)),
  )
}

/** R21: the party answering the standing offer makes their own, with a statement; it becomes the standing offer. */
export function makeDisputeOffer(contract: Contract, actor: Actor, input: OfferInput & { disputeId: string }, ctx: Context): Result<Outcome> {
  const role = requireOpenAs(contract, actor, null)
  if (!role.ok) return role
  const dispute = requireOpenDispute(contract, input.disputeId)
  if (!dispute.ok) return dispute
  if (latestOffer(dispute.value).by === role.value) return fail('OFFER_AWAITING_ANSWER', 'Your offer is waiting for the other party’s answer.')
  const milestone = disputedMilestone(contract, dispute.value)!
  const release = checkOffer(milestone, input)
  if (!release.ok) return release
  const offer: DisputeOffer = { id: ctx.newId(), by: role.value, releaseCents: release.value, statement: input.statement.trim(), at: ctx.now }
  const next: Dispute = { ...dispute.value, offers: [...dispute.value.offers, offer] }
  return ok(
    outcome({ ...contract, dispute: next }, [{ type: 'DISPUTE_OFFER_MADE', actorRole: role.value, data: offerData(next, milestone, offer) }], [], escalationTimer(next)),
  )
}

/** R21: the standing offer's counterpart accepts it, and it settles at once. */
export function acceptDisputeOffer(contract: Contract, actor: Actor, input: { disputeId: string; offerId: string }, ctx: Context): Result<Outcome> {
  const role = requireOpenAs(contract, actor, null)
  if (!role.ok) return role
  const dispute = requireOpenDispute(contract, input.disputeId)
  if (!dispute.ok) return dispute
  const offer = dispute.value.offers.find((o) => o.id === input.offerId)
  if (!offer) return fail('NOT_FOUND', 'Offer not found.', { offerId: input.offerId })
  if (offer.by === role.value) return fail('FORBIDDEN_FOR_ROLE', 'Only the other party can accept this offer.')
  if (latestOffer(dispute.value).id !== offer.id) return fail('OFFER_SUPERSEDED', 'A newer offer replaced this one.')
  const settled = settleDispute(contract, dispute.value, offer.releaseCents, { acceptedOfferId: offer.id, decision: null }, ctx)
  if (!settled.ok) return settled
  const { statement: _statement, ...data } = offerData(dispute.value, disputedMilestone(contract, dispute.value)!, offer)
  return ok(outcome(settled.value.contract, [{ type: 'DISPUTE_OFFER_ACCEPTED', actorRole: role.value, data }], settled.value.ledger))
}

/**
 * R21: escalates a dispute to the operator, by a party's request or, from the system, when the
 * standing offer went unanswered for 4 days. A system escalation that finds nothing to do (the
 * dispute settled, escalated, or got a newer offer since the timer was set) is a no-op: a stale
 * timer changes nothing.
 */
export function escalateDispute(contract: Contract, disputeId: string, now: Date, by: EscalatedBy): Result<Outcome> {
  if (by === SYSTEM) {
    const dispute = contract.dispute
    const due = dispute?.id === disputeId ? disputeEscalationDueAt(dispute) : null
    if (contract.status !== 'OPEN' || !dispute || !due || now < due) return ok(outcome(contract, []))
    return ok(escalated(contract, dispute, now, 'SYSTEM'))
  }
  const role = requireOpenAs(contract, by, null)
  if (!role.ok) return role
  const dispute = requireOpenDispute(contract, disputeId)
  if (!dispute.ok) return dispute
  if (dispute.value.status === 'ESCALATED') return fail('DISPUTE_ALREADY_ESCALATED', 'The operator already has this dispute.')
  return ok(escalated(contract, dispute.value, now, role.value))
}

/** The due-kind decision of the escalation timer: the system's escalation, or null when the timer is stale. */
export function decideDisputeEscalation(contract: Contract, timer: { subjectId: string }, ctx: Context): Outcome | null {
  const result = escalateDispute(contract, timer.subjectId, ctx.now, SYSTEM)
  return result.ok && result.value.events.length > 0 ? result.value : null
}

function escalated(contract: Contract, dispute: Dispute, now: Date, actorRole: Role | 'SYSTEM'): Outcome {
  const milestone = disputedMilestone(contract, dispute)!
  return outcome({ ...contract, dispute: { ...dispute, status: 'ESCALATED', escalatedAt: now } }, [
    {
      type: 'DISPUTE_ESCALATED',
      actorRole,
      data: { disputeId: dispute.id, milestoneId: milestone.id, title: milestone.title, cause: actorRole === 'SYSTEM' ? 'OFFER_UNANSWERED' : 'REQUESTED' },
    },
  ])
}

/**
 * R21: an operator decides an escalated dispute: `releaseCents` to the expert, the rest back to
 * the client, with a reason both parties read. The caller has checked that `operator` is one
 * (OPERATOR_EMAILS); the operator is not a party, so the event has no actor role.
 */
export function decideDispute(contract: Contract, operator: Actor, input: { disputeId: string; releaseCents: Cents; reason: string }, ctx: Context): Result<Outcome> {
  const open = requireOpen(contract)
  if (!open.ok) return open
  const dispute = requireOpenDispute(contract, input.disputeId)
  if (!dispute.ok) return dispute
  if (dispute.value.status !== 'ESCALATED') return fail('DISPUTE_NOT_ESCALATED', 'Only an escalated dispute is decided by the operator.')
  // An operator who is also the client or the expert would be judge in their own case.
  if (operator.userId === contract.clientId || operator.userId === contract.expertId) {
    return fail('FORBIDDEN_FOR_ROLE', 'An operator cannot decide a dispute on a contract they are a party to; another operator decides it.')
  }
  const milestone = disputedMilestone(contract, dispute.value)!
  const release = checkOffer(milestone, { releaseCents: input.releaseCents, statement: input.reason }, 'reason')
  if (!release.ok) return release
  const decision = { releaseCents: release.value, reason: input.reason.trim(), operatorId: operator.userId, at: ctx.now }
  const settled = settleDispute(contract, dispute.value, release.value, { acceptedOfferId: null, decision }, ctx)
  if (!settled.ok) return settled
  return ok(
    outcome(
      settled.value.contract,
      [
        {
          type: 'DISPUTE_DECIDED',
          actorRole: 'OPERATOR',
          data: {
            disputeId: dispute.value.id,
            milestoneId: milestone.id,
            title: milestone.title,
            releaseCents: release.value,
            refundCents: subtractCents(milestone.fundedCents, release.value),
            reason: decision.reason,
          },
        },
      ],
      settled.value.ledger,
    ),
  )
}
