import 'server-only'
import * as rules from '@/domain'
import type { Outcome } from '@/domain/events'
import type { Context, Contract } from '@/domain/types'

/**
 * A due kind's decision: given the contract (locked, freshly loaded) and the timer's subject, what
 * happens now, or null when nothing is due (the timer is stale or already served). Pure domain.
 */
export type DueDecision = (contract: Contract, timer: { subjectId: string; at: Date }, ctx: Context) => Outcome | null

/**
 * Every due kind and the domain function that decides it: one line per kind. Other features add
 * theirs here (change-request expiry, dispute escalation). A DUE job whose kind is not listed
 * fails and is retried, so a newer instance that knows it can still serve it.
 */
export const DUE_KINDS: Record<string, DueDecision> = {
  [rules.AUTO_RELEASE]: rules.autoRelease,
  [rules.REVIEW_REMINDER]: rules.remindReview,
  [rules.EXTENSION_EXPIRY]: rules.expireExtension,
  [rules.CHANGE_REQUEST_EXPIRY]: rules.decideRequestExpiry,
  // R21: an offer unanswered for 4 days escalates the dispute to the operator.
  [rules.DISPUTE_ESCALATION]: rules.decideDisputeEscalation,
}
