import { fail, ok, type Result } from './errors'
import { isInProgress } from './escrow'
import { addCents, subtractCents, type Cents } from './money'
import type { Context, Contract, Dispute, DisputeDecision, LedgerEntry } from './types'

/**
 * R21, R14: settles a dispute in one step. The disputed milestone's funds are divided:
 * `releaseCents` to the expert (a RELEASE), the rest back to the client (a REFUND). The milestone
 * becomes RELEASED with the paid amount, or REFUNDED when nothing is released; the escrow balance
 * (money not set aside for this milestone) is untouched, so held still equals balance + in progress.
 */
export function settleDispute(
  contract: Contract,
  dispute: Dispute,
  releaseCents: Cents,
  how: { acceptedOfferId: string | null; decision: DisputeDecision | null },
  ctx: Context,
): Result<{ contract: Contract; ledger: LedgerEntry[] }> {
  const milestone = contract.milestones.find((m) => m.id === dispute.milestoneId)
  // Money is frozen while the dispute is open, so the milestone is still in progress; guard anyway.
  if (!milestone || !isInProgress(milestone)) return fail('MILESTONE_NOT_IN_PROGRESS', 'The disputed milestone is no longer in progress.')
  const refundCents = subtractCents(milestone.fundedCents, releaseCents)
  const next: Contract = {
    ...contract,
    milestones: contract.milestones.map((m) =>
      // A pending deadline extension (R17) ends with the milestone, as on a release.
      m.id !== milestone.id
        ? m
        : releaseCents > 0
          ? { ...m, state: 'RELEASED', releasedCents: releaseCents, releasedAt: ctx.now, extensionRequest: null }
          : { ...m, state: 'REFUNDED', extensionRequest: null },
    ),
    escrow: {
      ...contract.escrow,
      releasedCents: addCents(contract.escrow.releasedCents, releaseCents),
      refundedCents: addCents(contract.escrow.refundedCents, refundCents),
    },
    dispute: { ...dispute, status: 'SETTLED', settledAt: ctx.now, acceptedOfferId: how.acceptedOfferId, decision: how.decision },
  }
  return ok({
    contract: next,
    ledger: [
      { kind: 'RELEASE', amountCents: releaseCents, milestoneId: milestone.id },
      { kind: 'REFUND', amountCents: refundCents, milestoneId: milestone.id },
    ],
  })
}
