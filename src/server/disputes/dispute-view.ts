import 'server-only'
import { disputeEscalationDueAt } from '@/domain/disputes'
import { subtractCents } from '@/domain/money'
import type { Contract, Dispute } from '@/domain/types'

/** R21: a dispute as the API shows it, to the parties (in the contract) and to operators. */
export type DisputeView = ReturnType<typeof toDisputeView>

export function toDisputeView(dispute: Dispute, contract: Contract) {
  const milestone = contract.milestones.find((m) => m.id === dispute.milestoneId)
  const heldCents = milestone?.fundedCents ?? 0
  const decision = dispute.decision
  return {
    id: dispute.id,
    status: dispute.status,
    milestoneId: dispute.milestoneId,
    /** What the disputed milestone holds in escrow: the most an offer can release. */
    heldCents,
    openedBy: dispute.openedBy,
    openedAt: dispute.openedAt.toISOString(),
    /** When the standing offer goes to the operator if nobody answers it (OPEN only). */
    escalatesAt: disputeEscalationDueAt(dispute)?.toISOString() ?? null,
    escalatedAt: dispute.escalatedAt?.toISOString() ?? null,
    settledAt: dispute.settledAt?.toISOString() ?? null,
    acceptedOfferId: dispute.acceptedOfferId,
    offers: dispute.offers.map((o) => ({ id: o.id, by: o.by, releaseCents: o.releaseCents, statement: o.statement, at: o.at.toISOString() })),
    decision: decision
      ? { releaseCents: decision.releaseCents, refundCents: subtractCents(milestone?.fundedCents ?? decision.releaseCents, decision.releaseCents), reason: decision.reason, at: decision.at.toISOString() }
      : null,
  }
}
