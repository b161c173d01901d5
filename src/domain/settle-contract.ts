import { inProgressMilestone } from './escrow'
import type { Outcome } from './events'
import { addCents, minCents, subtractCents, ZERO_CENTS, type Cents } from './money'
import { outcome } from './outcome'
import type { Context, Contract, LedgerEntry, Milestone, Role } from './types'

export type Settlement = {
  /** Back to the client. */
  readonly refundCents: Cents
  /** To the expert. */
  readonly releaseCents: Cents
  /** True when the expert accepted the client's proposal. */
  readonly settlement: boolean
  readonly actorRole: Role
}

/**
 * Pays out everything escrow holds and closes the contract (R11, R14). The release goes first to
 * the milestone in progress, up to what it was funded with, so that milestone shows as paid (or,
 * with nothing released, as refunded); any release beyond it, and the refund, are contract-level
 * ledger entries. Upcoming milestones stay upcoming: they were never funded.
 */
export function settleAndClose(contract: Contract, { refundCents, releaseCents, settlement, actorRole }: Settlement, ctx: Context): Outcome {
  const current = inProgressMilestone(contract)
  const milestonePart = current ? minCents(releaseCents, current.fundedCents) : ZERO_CENTS
  const settle = (m: Milestone): Milestone => {
    if (m.id !== current?.id) return m
    return milestonePart > 0 ? { ...m, state: 'RELEASED', releasedCents: milestonePart, releasedAt: ctx.now, extensionRequest: null } : { ...m, state: 'REFUNDED', extensionRequest: null }
  }
  const ledger: LedgerEntry[] = [
    { kind: 'RELEASE', amountCents: milestonePart, milestoneId: current?.id ?? null },
    { kind: 'RELEASE', amountCents: subtractCents(releaseCents, milestonePart), milestoneId: null },
    { kind: 'REFUND', amountCents: refundCents, milestoneId: null },
  ]
  const closed: Contract = {
    ...contract,
    status: 'CLOSED',
    closedAt: ctx.now,
    milestones: contract.milestones.map(settle),
    escrow: {
      ...contract.escrow,
      releasedCents: addCents(contract.escrow.releasedCents, releaseCents),
      refundedCents: addCents(contract.escrow.refundedCents, refundCents),
      balanceCents: ZERO_CENTS,
    },
    changeRequest: null,
    closeProposal: null,
  }
  return outcome(
    closed,
    [{ type: 'CONTRACT_CLOSED', actorRole, data: { refundCents, releaseCents, settlement, cancelledRequestId: contract.changeRequest?.id ?? null } }],
    ledger,
  )
}
