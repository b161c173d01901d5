/**
 * The closed set of reasons a command is refused. Each code maps to exactly one HTTP status in
 * `src/server/http.ts`; adding a code here without a status there is a compile error.
 */
export type DomainErrorCode =
  /** Malformed input: wrong types, negative or fractional cents, unknown ids in a plan. (422) */
  | 'VALIDATION_FAILED'
  /** The actor is a member of the contract but the command belongs to the other role. (403) */
  | 'FORBIDDEN_FOR_ROLE'
  /** The contract or milestone does not exist, or the actor is not a member of it. (404) */
  | 'NOT_FOUND'
  /** R1: a milestone amount below $5.00. (422) */
  | 'AMOUNT_BELOW_MINIMUM'
  /** R1: a milestone amount above $1,000,000.00. (422) */
  | 'AMOUNT_ABOVE_MAXIMUM'
  /** R10: a due date before today (Anywhere on Earth). (422) */
  | 'DUE_DATE_IN_PAST'
  /** R6: a release of more than the milestone holds, or of less than one cent. (422) */
  | 'RELEASE_EXCEEDS_FUNDED'
  /** R11: a settlement refunding more than escrow holds. (422) */
  | 'REFUND_EXCEEDS_HELD'
  /** R21: a dispute offer or decision releasing more than the milestone holds in escrow. (422) */
  | 'OFFER_EXCEEDS_HELD'
  /** R5: a funded, submitted, released or refunded milestone cannot be edited, deleted or moved. (409) */
  | 'MILESTONE_LOCKED'
  /** R3: only the first upcoming milestone in plan order can be funded. (409) */
  | 'NOT_NEXT_MILESTONE'
  /** R2/R3: another milestone is funded or submitted. (409) */
  | 'ANOTHER_MILESTONE_IN_PROGRESS'
  /** R8: a change request is pending, so the plan (or the milestone it touches) cannot change. (409) */
  | 'CHANGE_REQUEST_PENDING'
  /** R8: accept, decline or withdraw of a request that is not the pending one. (409) */
  | 'NO_PENDING_CHANGE_REQUEST'
  /** R9: the save or request was based on an older plan version. (409) */
  | 'STALE_PLAN_VERSION'
  /** Submit or release of a milestone that is not funded or submitted. (409) */
  | 'MILESTONE_NOT_IN_PROGRESS'
  /** R11: the contract is closed and read-only. (409) */
  | 'CONTRACT_CLOSED'
  /** R12: reviews open only after close. (409) */
  | 'CONTRACT_NOT_CLOSED'
  /** R11: a close settlement is waiting for the expert. (409) */
  | 'CLOSE_PROPOSAL_PENDING'
  /** R11: accept or decline with no settlement waiting. (409) */
  | 'NO_PENDING_CLOSE_PROPOSAL'
  /** R12: each party reviews once. (409) */
  | 'ALREADY_REVIEWED'
  /** R13: an idempotency key replayed with a different request. (409) */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** R21: a dispute is open (or escalated): no money moves, and no second dispute opens. (409) */
  | 'DISPUTE_OPEN'
  /** R21: an offer, acceptance, escalation or decision on a dispute that is already settled. (409) */
  | 'DISPUTE_NOT_OPEN'
  /** R21: escalating a dispute the operator already has. (409) */
  | 'DISPUTE_ALREADY_ESCALATED'
  /** R21: an operator deciding a dispute nobody escalated. (409) */
  | 'DISPUTE_NOT_ESCALATED'
  /** R21: accepting an offer that a newer offer replaced. (409) */
  | 'OFFER_SUPERSEDED'
  /** R21: a new offer from the party whose own offer waits for the other party's answer. (409) */
  | 'OFFER_AWAITING_ANSWER'
  /** R15: request changes, withdraw or extend on a milestone with no submission waiting. (409) */
  | 'NOT_SUBMITTED'
  /** R15/R16: the review window has ended; the milestone is released automatically. (409) */
  | 'REVIEW_WINDOW_ENDED'
  /** R15: a submission's review window is extended at most once. (409) */
  | 'REVIEW_ALREADY_EXTENDED'
  /** R17: an extension request for the milestone is already waiting. (409) */
  | 'EXTENSION_REQUEST_PENDING'
  /** R17: accept or decline of an extension request that is not pending (answered or expired). (409) */
  | 'NO_PENDING_EXTENSION_REQUEST'
  /** R17: the milestone has no due date to move. (409) */
  | 'NO_DUE_DATE'
  /** R23: redelivery to an endpoint that is turned off (turn it back on first). (409) */
  | 'WEBHOOK_DISABLED'
  /** R23: a user has at most 10 webhook endpoints. (409) */
  | 'WEBHOOK_LIMIT_REACHED'

export type DomainError = {
  readonly code: DomainErrorCode
  /** Safe to show to the user. */
  readonly message: string
  readonly details?: unknown
}

export function domainError(code: DomainErrorCode, message: string, details?: unknown): DomainError {
  return details === undefined ? { code, message } : { code, message, details }
}

/** Every command answers with either the new value or the rule it would break. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = <T = never>(code: DomainErrorCode, message: string, details?: unknown): Result<T> => ({
  ok: false,
  error: domainError(code, message, details),
})
