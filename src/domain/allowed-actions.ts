import { requestRoles } from './accept-changes'
import { roleOf } from './access'
import { heldCents, inProgressMilestone, nextUpcoming } from './escrow'
import { isExtensionPending } from './extensions'
import { isTouchedByRequest } from './fund-milestone'
import { isReviewOpen } from './review-window'
import type { Contract } from './types'

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

/**
 * What `userId` may do to the contract now. Each action listed is one its command accepts, and
 * each one left out is refused, so the UI never offers a button that answers with an error.
 * `now` matters for the review window (R15) and extension requests (R17), which end in time.
 */
export function allowedActions(contract: Contract, userId: string, now: Date): Action[] {
  const role = roleOf(contract, userId)
  if (!role) return []
  if (contract.status === 'CLOSED') return contract.reviews.some((r) => r.authorRole === role) ? [] : ['LEAVE_REVIEW']
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
