import { requestRoles } from './accept-changes'
import { roleOf } from './access'
import { heldCents, inProgressMilestone, nextUpcoming } from './escrow'
import { isExtensionPending } from './extensions'
import { isTouchedByRequest } from './fund-milestone'
import { isReviewOpen } from './review-window'
import { latestOffer } from './disputes'
import { isDisputeOpen } from './money-freeze'
import type { Contract, Role } from './types'

export type Action =
  | 'EDIT_PLAN'
  | 'PROPOSE_CHANGES'
  | 'REVIEW_CHANGES'
  | 'WITHDRAW_CHANGES'
  | 'COUNTER_CHANGES'
  | 'FUND_MILESTONE'
  | 'SUBMIT_WORK'
  | 'RELEASE_PAYMENT'
  | 'PROPOSE_CLOSE'
  | 'ACCEPT_CLOSE'
  | 'DECLINE_CLOSE'
  | 'CLOSE'
  | 'LEAVE_REVIEW'
  | 'REQUEST_CHANGES'
  | 'WITHDRAW_SUBMISSION'
  | 'EXTEND_REVIEW'
  | 'REQUEST_EXTENSION'
  | 'ANSWER_EXTENSION'
  | 'OPEN_DISPUTE'
  | 'ANSWER_DISPUTE'
  | 'ESCALATE_DISPUTE'

/** Actions that move money, withheld while a dispute is open (R21, `moneyFreeze`). */
const MONEY_ACTIONS: ReadonlySet<Action> = new Set(['FUND_MILESTONE', 'RELEASE_PAYMENT', 'PROPOSE_CLOSE', 'ACCEPT_CLOSE', 'CLOSE'])

/**
 * What `userId` may do to the contract now. Each action listed is one its command accepts, and
 * each one left out is refused, so the UI never offers a button that answers with an error.
 * `now` matters for the review window (R15) and extension requests (R17), which end in time.
 */
export function allowedActions(contract: Contract, userId: string, now: Date): Action[] {
  const role = roleOf(contract, userId)
  if (!role) return []
  if (contract.status === 'CLOSED') return contract.reviews.some((r) => r.authorRole === role) ? [] : ['LEAVE_REVIEW']
  const actions = partyActions(contract, role, now)
  const dispute = contract.dispute
  if (!isDisputeOpen(dispute)) {
    const current = inProgressMilestone(contract)
    // Not once a submission's review window has ended: its auto-release is due (R15, R21).
    if (current && !contract.closeProposal && (!current.submission || isReviewOpen(current, now))) actions.push('OPEN_DISPUTE')
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
function partyActions(contract: Contract, role: Role, now: Date): Action[] {
  const actions: Action[] = []
  const request = contract.changeRequest
  const proposal = contract.closeProposal
  const current = inProgressMilestone(contract)
  const next = nextUpcoming(contract)
  const held = heldCents(contract.escrow)
  // R8, R18: the pending request's author may withdraw it; the other party reviews or counters it.
  if (request) actions.push(...(requestRoles(contract).author === role ? (['WITHDRAW_CHANGES'] as const) : (['REVIEW_CHANGES', 'COUNTER_CHANGES'] as const)))
  if (role === 'CLIENT') {
    if (!request) actions.push('EDIT_PLAN')
    if (next && !current && !proposal && !isTouchedByRequest(request, next)) actions.push('FUND_MILESTONE')
    if (current && !proposal) actions.push('RELEASE_PAYMENT')
    if (current && isReviewOpen(current, now)) {
      actions.push('REQUEST_CHANGES')
      if (current.submission?.extendedDays === 0) actions.push('EXTEND_REVIEW')
    }
    if (current && current.dueDate !== null && isExtensionPending(current.extensionRequest, now)) actions.push('ANSWER_EXTENSION')
    if (!proposal) actions.push(held > 0 ? 'PROPOSE_CLOSE' : 'CLOSE')
    return actions
  }
  if (!request) actions.push('PROPOSE_CHANGES')
  if (current?.state === 'FUNDED') actions.push('SUBMIT_WORK')
  if (current && isReviewOpen(current, now)) actions.push('WITHDRAW_SUBMISSION')
  if (current && current.dueDate !== null && !isExtensionPending(current.extensionRequest, now)) actions.push('REQUEST_EXTENSION')
  if (proposal) actions.push('ACCEPT_CLOSE', 'DECLINE_CLOSE')
  else actions.push('CLOSE')
  return actions
}
