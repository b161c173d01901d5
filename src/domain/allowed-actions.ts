import { roleOf } from './access'
import { heldCents, inProgressMilestone, nextUpcoming } from './escrow'
import { isTouchedByRequest } from './fund-milestone'
import { latestOffer } from './disputes'
import { isDisputeOpen } from './money-freeze'
import type { Contract, Role } from './types'

export type Action =
  | 'EDIT_PLAN'
  | 'PROPOSE_CHANGES'
  | 'REVIEW_CHANGES'
  | 'WITHDRAW_CHANGES'
  | 'FUND_MILESTONE'
  | 'SUBMIT_WORK'
  | 'RELEASE_PAYMENT'
  | 'PROPOSE_CLOSE'
  | 'ACCEPT_CLOSE'
  | 'DECLINE_CLOSE'
  | 'CLOSE'
  | 'LEAVE_REVIEW'
  | 'OPEN_DISPUTE'
  | 'ANSWER_DISPUTE'
  | 'ESCALATE_DISPUTE'

/** Actions that move money, withheld while a dispute is open (R21, `moneyFreeze`). */
const MONEY_ACTIONS: ReadonlySet<Action> = new Set(['FUND_MILESTONE', 'RELEASE_PAYMENT', 'PROPOSE_CLOSE', 'ACCEPT_CLOSE', 'CLOSE'])

/**
 * What `userId` may do to the contract now. Each action listed is one its command accepts, and
 * each one left out is refused, so the UI never offers a button that answers with an error.
 * `now` is part of the signature because deadlines may come to gate actions; none does today.
 */
export function allowedActions(contract: Contract, userId: string, _now: Date): Action[] {
  const role = roleOf(contract, userId)
  if (!role) return []
  if (contract.status === 'CLOSED') return contract.reviews.some((r) => r.authorRole === role) ? [] : ['LEAVE_REVIEW']
  const proposal = contract.closeProposal
  const current = inProgressMilestone(contract)
  const actions = partyActions(contract, role)
  const dispute = contract.dispute
  if (!isDisputeOpen(dispute)) {
    if (current && !proposal) actions.push('OPEN_DISPUTE')
    return actions
  }
  const answering = latestOffer(dispute).by !== role
  return [
    ...actions.filter((a) => !MONEY_ACTIONS.has(a)),
    ...(answering ? (['ANSWER_DISPUTE'] as const) : []),
    ...(dispute.status === 'OPEN' ? (['ESCALATE_DISPUTE'] as const) : []),
  ]
}

/** What each role may do on an open contract before disputes are considered. */
function partyActions(contract: Contract, role: Role): Action[] {
  const request = contract.changeRequest
  const proposal = contract.closeProposal
  const current = inProgressMilestone(contract)
  const next = nextUpcoming(contract)
  const held = heldCents(contract.escrow)
  const actions: Action[] = []
  if (role === 'CLIENT') {
    actions.push(request ? 'REVIEW_CHANGES' : 'EDIT_PLAN')
    if (next && !current && !proposal && !isTouchedByRequest(request, next)) actions.push('FUND_MILESTONE')
    if (current && !proposal) actions.push('RELEASE_PAYMENT')
    if (!proposal) actions.push(held > 0 ? 'PROPOSE_CLOSE' : 'CLOSE')
    return actions
  }
  actions.push(request ? 'WITHDRAW_CHANGES' : 'PROPOSE_CHANGES')
  if (current?.state === 'FUNDED') actions.push('SUBMIT_WORK')
  if (proposal) actions.push('ACCEPT_CLOSE', 'DECLINE_CLOSE')
  else actions.push('CLOSE')
  return actions
}
