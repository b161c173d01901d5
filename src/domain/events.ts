import type { Cents } from './money'
import type { PlanChange } from './plan-diff'
import type { Contract, IsoDate, LedgerEntry, Role } from './types'

/**
 * What happened, as the domain reports it. The server turns each event into an activity row and
 * emails (see `audienceOf`): the other party (the one who is not `actorRole`), or, for what the
 * system did on its own (`actorRole` "SYSTEM", activity actor null), the parties it concerns.
 */
export type DomainEvent =
  | { type: 'CONTRACT_CREATED'; actorRole: Role; data: { milestoneCount: number } }
  | { type: 'PLAN_SAVED'; actorRole: Role; data: { changes: PlanChange[] } }
  | { type: 'CHANGES_REQUESTED'; actorRole: Role; data: { requestId: string; message: string; changes: PlanChange[] } }
  | {
      type: 'CHANGES_COUNTERED'
      actorRole: Role
      /** R18: `requestId` is the counter, now pending; `changes` compare it with the current plan. */
      data: { requestId: string; counteredRequestId: string; message: string; changes: PlanChange[] }
    }
  | { type: 'CHANGE_REQUEST_ACCEPTED'; actorRole: Role; data: { requestId: string; modified: boolean; changes: PlanChange[] } }
  | { type: 'CHANGE_REQUEST_DECLINED'; actorRole: Role; data: { requestId: string; reason: string | null } }
  | {
      type: 'CHANGE_REQUEST_EXPIRED'
      /** R19: the system acts; `data.authorRole` made the request that went unanswered. Both parties are emailed. */
      actorRole: 'SYSTEM'
      data: { requestId: string; authorRole: Role; requestDays: number; expiredAt: string }
    }
  | { type: 'CHANGE_REQUEST_WITHDRAWN'; actorRole: Role; data: { requestId: string } }
  | {
      type: 'MILESTONE_FUNDED'
      actorRole: Role
      data: { milestoneId: string; title: string; amountCents: Cents; depositCents: Cents; fromBalanceCents: Cents }
    }
  | { type: 'WORK_SUBMITTED'; actorRole: Role; data: { milestoneId: string; title: string; message: string; links: string[]; reviewEndsAt: string } }
  | { type: 'WORK_CHANGES_REQUESTED'; actorRole: Role; data: { milestoneId: string; title: string; message: string } }
  | { type: 'SUBMISSION_WITHDRAWN'; actorRole: Role; data: { milestoneId: string; title: string } }
  | { type: 'REVIEW_EXTENDED'; actorRole: Role; data: { milestoneId: string; title: string; days: number; reason: string; reviewEndsAt: string } }
  | { type: 'REVIEW_REMINDER'; actorRole: 'SYSTEM'; data: { milestoneId: string; title: string; amountCents: Cents; reviewEndsAt: string } }
  | { type: 'AUTO_RELEASED'; actorRole: 'SYSTEM'; data: { milestoneId: string; title: string; amountCents: Cents } }
  | {
      type: 'EXTENSION_REQUESTED'
      actorRole: Role
      data: { requestId: string; milestoneId: string; title: string; days: number; reason: string; dueDate: IsoDate; proposedDueDate: IsoDate; expiresAt: string }
    }
  | { type: 'EXTENSION_ACCEPTED'; actorRole: Role; data: { requestId: string; milestoneId: string; title: string; days: number; previousDueDate: IsoDate; dueDate: IsoDate } }
  | { type: 'EXTENSION_DECLINED'; actorRole: Role; data: { requestId: string; milestoneId: string; title: string; days: number } }
  | { type: 'EXTENSION_EXPIRED'; actorRole: 'SYSTEM'; data: { requestId: string; milestoneId: string; title: string; days: number } }
  | {
      type: 'PAYMENT_RELEASED'
      actorRole: Role
      data: { milestoneId: string; title: string; amountCents: Cents; remainderCents: Cents; partial: boolean }
    }
  | { type: 'CLOSE_PROPOSED'; actorRole: Role; data: { refundCents: Cents; releaseCents: Cents } }
  | { type: 'CLOSE_DECLINED'; actorRole: Role; data: { refundCents: Cents; releaseCents: Cents } }
  | {
      type: 'CONTRACT_CLOSED'
      actorRole: Role
      /** `settlement` is true when the expert accepted the client's proposal. */
      data: { refundCents: Cents; releaseCents: Cents; settlement: boolean; cancelledRequestId: string | null }
    }
  | { type: 'REVIEW_LEFT'; actorRole: Role; data: { rating: number; timelinessRating: number | null } }
  | DisputeEvent

/** What a dispute offer says, in every event that carries one. */
export type DisputeOfferData = {
  disputeId: string
  milestoneId: string
  title: string
  offerId: string
  releaseCents: Cents
  refundCents: Cents
  statement: string
}

/**
 * R21. Neither party acts in two of them: the system's 4-day timer escalates ('SYSTEM') and an
 * operator decides ('OPERATOR'); both parties are told.
 */
export type DisputeEvent =
  | { type: 'DISPUTE_OPENED'; actorRole: Role; data: DisputeOfferData }
  | { type: 'DISPUTE_OFFER_MADE'; actorRole: Role; data: DisputeOfferData }
  | { type: 'DISPUTE_OFFER_ACCEPTED'; actorRole: Role; data: Omit<DisputeOfferData, 'statement'> }
  | {
      type: 'DISPUTE_ESCALATED'
      actorRole: Role | 'SYSTEM'
      /** REQUESTED by a party, or OFFER_UNANSWERED for 4 days. */
      data: { disputeId: string; milestoneId: string; title: string; cause: 'REQUESTED' | 'OFFER_UNANSWERED' }
    }
  | { type: 'DISPUTE_DECIDED'; actorRole: 'OPERATOR'; data: { disputeId: string; milestoneId: string; title: string; releaseCents: Cents; refundCents: Cents; reason: string } }

export type DomainEventType = DomainEvent['type']

/**
 * Something the domain wants to look at again at a given time (docs/decisions/007): the server
 * writes it as a DUE job, and when it is due asks the domain function registered for `kind`
 * what to do, through the same locked command path as a user's request. A timer is a wake-up
 * call, not a decision: one that is stale or fires twice finds nothing to do.
 */
export type Timer = {
  /** The due kind, e.g. "AUTO_RELEASE" (src/server/jobs/due-kinds.ts). */
  readonly kind: string
  /** What it is about, e.g. a milestone id. */
  readonly subjectId: string
  readonly at: Date
}

/**
 * What every successful command returns: the new state, what happened, the money that moved, and
 * the timers to set.
 */
export type Outcome = {
  readonly contract: Contract
  readonly events: readonly DomainEvent[]
  readonly ledger: readonly LedgerEntry[]
  readonly timers?: readonly Timer[]
}
