import type { Cents } from './money'

/** A calendar day, "YYYY-MM-DD". Due dates are days, not instants. */
export type IsoDate = string

export type Role = 'CLIENT' | 'EXPERT'
export type ContractStatus = 'OPEN' | 'CLOSED'
export type MilestoneState = 'UPCOMING' | 'FUNDED' | 'SUBMITTED' | 'RELEASED' | 'REFUNDED'

export type Milestone = {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly amountCents: Cents
  readonly dueDate: IsoDate | null
  readonly state: MilestoneState
  /** What escrow set aside for this milestone when it was funded (0 while upcoming). */
  readonly fundedCents: Cents
  /** What the expert was paid for it (0 until released). */
  readonly releasedCents: Cents
  readonly fundedAt: Date | null
  readonly submittedAt: Date | null
  readonly releasedAt: Date | null
  /** R15: the latest submission (kept after release as the record of what was approved); null when none is open or after changes were requested or it was withdrawn. */
  readonly submission: Submission | null
  /** R17: the expert's pending request to move the due date, if any. */
  readonly extensionRequest: ExtensionRequest | null
}

/** R15: what the expert submitted, and the client's review window. */
export type Submission = {
  readonly message: string
  /** Up to 10 https URLs. */
  readonly links: readonly string[]
  readonly submittedAt: Date
  /** submittedAt + reviewDays, plus the client's one extension. */
  readonly reviewEndsAt: Date
  /** 0 until the client extends the window (once per submission, 1–14 days). */
  readonly extendedDays: number
  /** R16: the time of the last reminder sent for this window, so a repeated timer sends nothing. */
  readonly lastReminderAt: Date | null
}

/** R17: the expert asks to move the due date of the milestone in progress. */
export type ExtensionRequest = {
  readonly id: string
  readonly days: number
  readonly reason: string
  readonly requestedAt: Date
  /** Unanswered, it expires at requestedAt + 4 days. */
  readonly expiresAt: Date
}

/** One entry of a plan input: with `id` it edits that upcoming milestone, without it adds one. */
export type PlanEntry = {
  readonly id?: string
  readonly title: string
  readonly description?: string
  readonly amountCents: Cents
  readonly dueDate?: IsoDate | null
}

/** One proposal in a negotiation: the first request or a counter to the one before it (R18). */
export type ChangeRound = {
  readonly id: string
  /** Who proposed it: the expert's request, or either party's counter. */
  readonly authorRole: Role
  readonly message: string
  readonly createdAt: Date
  /** The proposed upcoming plan, in order. */
  readonly milestones: readonly PlanEntry[]
}

/**
 * The pending proposal (R8, R18). A counter replaces the request it answers: the new pending one
 * is authored by the counterer and carries the earlier rounds of the thread.
 */
export type ChangeRequest = ChangeRound & {
  readonly baseVersion: number
  /** The earlier rounds of this negotiation, oldest first (empty for a first request). */
  readonly rounds: readonly ChangeRound[]
}

export type CloseProposal = {
  readonly refundCents: Cents
  readonly proposedAt: Date
}

/** R21: OPEN and ESCALATED are "open" (money frozen); SETTLED is final. */
export type DisputeStatus = 'OPEN' | 'ESCALATED' | 'SETTLED'

/** One offer in a dispute: `releaseCents` to the expert, the rest of the milestone's funds back to the client. */
export type DisputeOffer = {
  readonly id: string
  readonly by: Role
  readonly releaseCents: Cents
  readonly statement: string
  readonly at: Date
}

/** An operator's decision on an escalated dispute. */
export type DisputeDecision = {
  readonly releaseCents: Cents
  readonly reason: string
  readonly operatorId: string
  readonly at: Date
}

export type Dispute = {
  readonly id: string
  readonly status: DisputeStatus
  /** The milestone in progress when it opened; its funded amount is what the dispute divides. */
  readonly milestoneId: string
  readonly openedBy: Role
  readonly openedAt: Date
  readonly escalatedAt: Date | null
  readonly settledAt: Date | null
  /** Set when a party's acceptance settled it. */
  readonly acceptedOfferId: string | null
  /** Oldest first; the first one carries the opener's statement. */
  readonly offers: readonly DisputeOffer[]
  readonly decision: DisputeDecision | null
}

export type Review = {
  readonly authorRole: Role
  readonly rating: number
  /** Only in the client's review of the expert: adherence to deadlines, 1–5. */
  readonly timelinessRating: number | null
  readonly comment: string
  readonly createdAt: Date
}

/**
 * Escrow totals. `held = deposited - released - refunded`; `balance` is the part of `held`
 * not set aside for the milestone in progress (left over from partial releases or deposit rounding).
 */
export type Escrow = {
  readonly depositedCents: Cents
  readonly releasedCents: Cents
  readonly refundedCents: Cents
  readonly balanceCents: Cents
}

export type Contract = {
  readonly id: string
  readonly title: string
  readonly status: ContractStatus
  /** R15: the review window in days (1–30), chosen at creation. */
  readonly reviewDays: number
  /** R19: days a change request may wait for an answer (1–30), chosen at creation. */
  readonly requestDays: number
  readonly clientId: string
  readonly expertId: string
  /** Bumped by every change to the upcoming plan. */
  readonly planVersion: number
  /** In plan order: locked milestones first, then upcoming ones. */
  readonly milestones: readonly Milestone[]
  readonly escrow: Escrow
  readonly changeRequest: ChangeRequest | null
  readonly closeProposal: CloseProposal | null
  /** R21: the contract's latest dispute (open, escalated, or the last one settled), or null. */
  readonly dispute: Dispute | null
  readonly reviews: readonly Review[]
  readonly createdAt: Date
  readonly closedAt: Date | null
}

/** Who runs a command: a user id; the domain works out the role on this contract. */
export type Actor = { readonly userId: string }

/** What the caller hands the domain so it stays pure: the clock and an id source. */
export type Context = {
  readonly now: Date
  readonly newId: () => string
}

export type LedgerKind = 'DEPOSIT' | 'RELEASE' | 'REFUND'

/**
 * A money movement. Double entry: DEPOSIT moves client → escrow, RELEASE escrow → expert,
 * REFUND escrow → client. Append-only.
 */
export type LedgerEntry = {
  readonly kind: LedgerKind
  readonly amountCents: Cents
  readonly milestoneId: string | null
}
