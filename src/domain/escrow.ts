import { MIN_DEPOSIT_CENTS, ZERO_CENTS, addCents, cents, subtractCents, type Cents } from './money'
import type { Contract, Escrow, Milestone } from './types'

/** What escrow holds now: deposited − released − refunded. */
export function heldCents(escrow: Escrow): Cents {
  return subtractCents(subtractCents(escrow.depositedCents, escrow.releasedCents), escrow.refundedCents)
}

export type EscrowView = {
  readonly depositedCents: Cents
  readonly releasedCents: Cents
  readonly refundedCents: Cents
  readonly heldCents: Cents
  readonly balanceCents: Cents
}

/** The escrow summary the workspace shows. */
export function escrowView(contract: Contract): EscrowView {
  const { depositedCents, releasedCents, refundedCents, balanceCents } = contract.escrow
  return { depositedCents, releasedCents, refundedCents, heldCents: heldCents(contract.escrow), balanceCents }
}

/** Any milestone-like value with a state: the aggregate's milestones and the API's views of them. */
type HasState = Pick<Milestone, 'state'>

/** Whether a milestone is in progress: funded, with work possibly submitted (R2). */
export function isInProgress(milestone: HasState): boolean {
  return milestone.state === 'FUNDED' || milestone.state === 'SUBMITTED'
}

/** The milestone in progress, if any (R2 allows at most one). */
export function inProgressMilestone<M extends HasState>(contract: { milestones: readonly M[] }): M | null {
  return contract.milestones.find(isInProgress) ?? null
}

/** The first upcoming milestone in plan order: the only one that may be funded (R3). */
export function nextUpcoming<M extends HasState>(contract: { milestones: readonly M[] }): M | null {
  return contract.milestones.find((m) => m.state === 'UPCOMING') ?? null
}

export type DepositPlan = {
  /** What the client pays into escrow now (0 or at least $5.00). */
  readonly depositCents: Cents
  /** The part of the milestone paid from the existing balance. */
  readonly fromBalanceCents: Cents
  /** The balance after funding. */
  readonly balanceAfterCents: Cents
}

/**
 * R4: funding uses the balance first and the client deposits the rest, but never less than
 * $5.00; when the rest is between $0.01 and $4.99 the deposit is $5.00 and the surplus stays in
 * the balance.
 */
export function depositFor(amount: Cents, balance: Cents): DepositPlan {
  const need = subtractCents(amount, balance)
  let depositCents: Cents
  if (need <= 0) depositCents = ZERO_CENTS
  else if (need < MIN_DEPOSIT_CENTS) depositCents = MIN_DEPOSIT_CENTS
  else depositCents = need
  const fromBalanceCents = cents(Math.max(0, amount - depositCents))
  return { depositCents, fromBalanceCents, balanceAfterCents: subtractCents(addCents(balance, depositCents), amount) }
}
