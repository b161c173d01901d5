import { requireOpenAs } from './access'
import { fail, ok, type Result } from './errors'
import type { Outcome } from './events'
import { outcome } from './outcome'
import { upcomingEntries, validatePlan } from './plan'
import { diffPlan } from './plan-diff'
import type { Actor, Context, Contract, PlanEntry } from './types'

/** Enough for a real explanation; the message travels in an email. */
export const MAX_MESSAGE_LENGTH = 2000

export type ProposeChangesInput = {
  readonly baseVersion: number
  /** The proposed upcoming plan, in order, in the same shape as a save. */
  readonly milestones: readonly PlanEntry[]
  readonly message: string
}

/** The text of a message or reason, trimmed, or an error when it is not text or too long. */
export function checkMessage(value: unknown, field: string): Result<string> {
  if (value === undefined || value === null) return ok('')
  if (typeof value !== 'string') return fail('VALIDATION_FAILED', 'A message must be text.', { field })
  const text = value.trim()
  if ([...text].length > MAX_MESSAGE_LENGTH) return fail('VALIDATION_FAILED', `A message has at most ${MAX_MESSAGE_LENGTH} characters.`, { field })
  return ok(text)
}

/**
 * The expert proposes a new upcoming plan with a message (R8). At most one request is pending;
 * it is validated like a save but changes nothing until the client accepts it.
 */
export function proposeChanges(contract: Contract, actor: Actor, input: ProposeChangesInput, ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'EXPERT')
  if (!allowed.ok) return allowed
  if (contract.changeRequest) {
    return fail('CHANGE_REQUEST_PENDING', 'You already have a pending request; withdraw it first.', { requestId: contract.changeRequest.id })
  }
  if (input.baseVersion !== contract.planVersion) {
    return fail('STALE_PLAN_VERSION', 'The plan changed since you opened it.', { planVersion: contract.planVersion })
  }
  const message = checkMessage(input.message, 'message')
  if (!message.ok) return message
  const plan = validatePlan(contract.milestones, input.milestones, ctx.now)
  if (!plan.ok) return plan
  const changes = diffPlan(upcomingEntries(contract), plan.value)
  if (changes.length === 0) return fail('VALIDATION_FAILED', 'The proposal is the same as the current plan.', { field: 'milestones' })
  const request = { id: ctx.newId(), message: message.value, baseVersion: contract.planVersion, createdAt: ctx.now, milestones: plan.value }
  return ok(
    outcome({ ...contract, changeRequest: request }, [
      { type: 'CHANGES_REQUESTED', actorRole: 'EXPERT', data: { requestId: request.id, message: request.message, changes } },
    ]),
  )
}
