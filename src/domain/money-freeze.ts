import { fail, ok, type Result } from './errors'
import type { Contract, Dispute } from './types'

/** R21: a dispute is open until it settles; OPEN and ESCALATED both freeze the money. */
export function isDisputeOpen(dispute: Dispute | null): dispute is Dispute {
  return dispute !== null && dispute.status !== 'SETTLED'
}

/**
 * R21: while a dispute is open no money moves: fund, release, close (and its settlement) and the
 * review window's auto-release all ask this one rule first, and are refused with 409 DISPUTE_OPEN.
 * Only the dispute's own settlement (an accepted offer or the operator's decision) moves money then.
 */
export function moneyFreeze(contract: Contract): Result<null> {
  if (!isDisputeOpen(contract.dispute)) return ok(null)
  return fail('DISPUTE_OPEN', 'A dispute is open on this contract: no money moves until it is settled.', { disputeId: contract.dispute.id })
}
