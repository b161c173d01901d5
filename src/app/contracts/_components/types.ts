import type { ContractView } from '@/server/contracts/contract-view'

/** The contract as the API sends it to the pages (see PRODUCT.md, Representations). */
export type { ContractView }
export type ContractMilestone = ContractView['milestones'][number]
export type Action = ContractView['allowedActions'][number]
/** What a workspace part calls with the contract a command answered with, and a message to announce. */
export type OnDone = (next: ContractView, message?: string) => void

/**
 * What the plan still needs funded: the upcoming milestones, less the escrow balance that pays
 * first (that balance is already counted as in escrow).
 */
export function toFundCents(contract: Pick<ContractView, 'milestones' | 'escrow'>): number {
  const upcoming = contract.milestones.reduce((sum, m) => (m.state === 'UPCOMING' ? sum + m.amountCents : sum), 0)
  return Math.max(0, upcoming - contract.escrow.balanceCents)
}

export function nameOf(party: { name: string | null; email: string }): string {
  return party.name ?? party.email
}
