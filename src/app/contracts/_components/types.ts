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

/**
 * The pending request as the viewer reads it (R8, R18): whether they made it, who made it and who
 * answers it, and whether it is a counter (it answered an earlier round).
 */
export function requestParties(contract: Pick<ContractView, 'changeRequest' | 'role' | 'client' | 'expert'>) {
  const request = contract.changeRequest
  if (!request) return null
  const [author, answerer] = request.authorRole === 'CLIENT' ? [contract.client, contract.expert] : [contract.expert, contract.client]
  return { mine: request.authorRole === contract.role, authorName: nameOf(author), answererName: nameOf(answerer), isCounter: request.rounds.length > 1 }
}
