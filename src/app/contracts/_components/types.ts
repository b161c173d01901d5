import type { ContractView } from '@/server/contracts/contract-view'

/** The contract as the API sends it to the pages (see PRODUCT.md, Representations). */
export type { ContractView }
export type ContractMilestone = ContractView['milestones'][number]
export type Action = ContractView['allowedActions'][number]

/** The sum of the upcoming milestones: what the plan still needs funded. */
export function toFundCents(contract: Pick<ContractView, 'milestones'>): number {
  return contract.milestones.reduce((sum, m) => (m.state === 'UPCOMING' ? sum + m.amountCents : sum), 0)
}

export function nameOf(party: { name: string | null; email: string }): string {
  return party.name ?? party.email
}
