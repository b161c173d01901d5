import { requireOpenAs } from './access'
import { addDays } from './dates'
import { fail, ok, type Result } from './errors'
import { inProgressMilestone } from './escrow'
import type { Outcome } from './events'
import { outcome } from './outcome'
import { MAX_REASON_LENGTH } from './review-window'
import { checkRequiredText } from './submit-work'
import type { Actor, Context, Contract, ExtensionRequest, Milestone } from './types'

/** R17: a due date moves by 1 to 90 days. */
export const MAX_EXTENSION_DAYS = 90
/** R17: Fiverr withdraws an unanswered extension request after 4 days. */
export const EXTENSION_EXPIRY_MS = 4 * 86_400_000
/** The due kind of an extension request's expiry (src/server/jobs/due-kinds.ts). */
export const EXTENSION_EXPIRY = 'EXTENSION_EXPIRY'

/** Whether the request is still waiting for an answer at `now` (an expired one is not, even before its timer ran). */
export function isExtensionPending(request: ExtensionRequest | null, now: Date): request is ExtensionRequest {
  return request !== null && now.getTime() < request.expiresAt.getTime()
}

const replace = (contract: Contract, id: string, change: (m: Milestone) => Milestone): Contract => ({
  ...contract,
  milestones: contract.milestones.map((m) => (m.id === id ? change(m) : m)),
})

/**
 * R17: the expert asks to move the due date of the milestone in progress by 1–90 days, with a
 * reason. One pending request per milestone; unanswered, it expires after 4 days.
 */
export function requestExtension(contract: Contract, actor: Actor, input: { milestoneId: string; days: number; reason: string }, ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'EXPERT')
  if (!allowed.ok) return allowed
  const days: unknown = input.days
  if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > MAX_EXTENSION_DAYS) {
    return fail('VALIDATION_FAILED', `Ask for 1 to ${MAX_EXTENSION_DAYS} more days.`, { field: 'days' })
  }
  const reason = checkRequiredText(input.reason, 'reason', MAX_REASON_LENGTH, 'A reason')
  if (!reason.ok) return reason
  const milestone = contract.milestones.find((m) => m.id === input.milestoneId)
  if (!milestone) return fail('NOT_FOUND', 'Milestone not found.', { milestoneId: input.milestoneId })
  if (inProgressMilestone(contract)?.id !== milestone.id) return fail('MILESTONE_NOT_IN_PROGRESS', 'Only the milestone in progress can get more time.')
  if (milestone.dueDate === null) return fail('NO_DUE_DATE', 'This milestone has no due date to move.')
  if (isExtensionPending(milestone.extensionRequest, ctx.now)) return fail('EXTENSION_REQUEST_PENDING', 'An extension request for this milestone is already waiting for the client.')
  const request: ExtensionRequest = { id: ctx.newId(), days: days as number, reason: reason.value, requestedAt: ctx.now, expiresAt: new Date(ctx.now.getTime() + EXTENSION_EXPIRY_MS) }
  return ok(
    outcome(
      replace(contract, milestone.id, (m) => ({ ...m, extensionRequest: request })),
      [
        {
          type: 'EXTENSION_REQUESTED',
          actorRole: 'EXPERT',
          data: {
            requestId: request.id,
            milestoneId: milestone.id,
            title: milestone.title,
            days: request.days,
            reason: request.reason,
            dueDate: milestone.dueDate,
            proposedDueDate: addDays(milestone.dueDate, request.days),
            expiresAt: request.expiresAt.toISOString(),
          },
        },
      ],
      [],
      [{ kind: EXTENSION_EXPIRY, subjectId: request.id, at: request.expiresAt }],
    ),
  )
}

function requirePendingExtension(contract: Contract, actor: Actor, requestId: string, now: Date): Result<Milestone & { extensionRequest: ExtensionRequest; dueDate: string }> {
  const allowed = requireOpenAs(contract, actor, 'CLIENT')
  if (!allowed.ok) return allowed
  const milestone = contract.milestones.find((m) => m.extensionRequest?.id === requestId)
  if (!milestone || !isExtensionPending(milestone.extensionRequest, now) || milestone.dueDate === null) {
    return fail('NO_PENDING_EXTENSION_REQUEST', 'There is no pending extension request with this id.')
  }
  return ok(milestone as Milestone & { extensionRequest: ExtensionRequest; dueDate: string })
}

/** R17: the client accepts: the due date moves by the days asked for (and the deadline record uses the new date). */
export function acceptExtension(contract: Contract, actor: Actor, input: { requestId: string }, ctx: Context): Result<Outcome> {
  const milestone = requirePendingExtension(contract, actor, input.requestId, ctx.now)
  if (!milestone.ok) return milestone
  const { extensionRequest: request, dueDate: previousDueDate } = milestone.value
  const dueDate = addDays(previousDueDate, request.days)
  return ok(
    outcome(replace(contract, milestone.value.id, (m) => ({ ...m, dueDate, extensionRequest: null })), [
      { type: 'EXTENSION_ACCEPTED', actorRole: 'CLIENT', data: { requestId: request.id, milestoneId: milestone.value.id, title: milestone.value.title, days: request.days, previousDueDate, dueDate } },
    ]),
  )
}

/** R17: the client declines: the due date stays. */
export function declineExtension(contract: Contract, actor: Actor, input: { requestId: string }, ctx: Context): Result<Outcome> {
  const milestone = requirePendingExtension(contract, actor, input.requestId, ctx.now)
  if (!milestone.ok) return milestone
  const request = milestone.value.extensionRequest
  return ok(
    outcome(replace(contract, milestone.value.id, (m) => ({ ...m, extensionRequest: null })), [
      { type: 'EXTENSION_DECLINED', actorRole: 'CLIENT', data: { requestId: request.id, milestoneId: milestone.value.id, title: milestone.value.title, days: request.days } },
    ]),
  )
}

/**
 * R17, the EXTENSION_EXPIRY timer: a request still unanswered at its expiry expires. Null when it
 * was answered already, or is not yet due.
 */
export function expireExtension(contract: Contract, timer: { subjectId: string }, ctx: Context): Outcome | null {
  const milestone = contract.milestones.find((m) => m.extensionRequest?.id === timer.subjectId)
  const request = milestone?.extensionRequest
  if (!milestone || !request || ctx.now.getTime() < request.expiresAt.getTime()) return null
  return outcome(replace(contract, milestone.id, (m) => ({ ...m, extensionRequest: null })), [
    { type: 'EXTENSION_EXPIRED', actorRole: 'SYSTEM', data: { requestId: request.id, milestoneId: milestone.id, title: milestone.title, days: request.days } },
  ])
}
