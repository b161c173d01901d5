import { requireOpenAs } from './access'
import { fail, ok, type Result } from './errors'
import type { Outcome } from './events'
import { expiryTimer } from './expire-change-request'
import { outcome } from './outcome'
import { upcomingEntries, validatePlan, type NormalizedEntry } from './plan'
import { diffPlan, type PlanChange } from './plan-diff'
import type { Actor, ChangeRequest, Context, Contract, PlanEntry } from './types'

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
  const checked = checkProposal(contract, input, ctx, 'The proposal is the same as the current plan.')
  if (!checked.ok) return checked
  const { message, milestones, changes } = checked.value
  const request: ChangeRequest = { id: ctx.newId(), authorRole: 'EXPERT', message, baseVersion: contract.planVersion, createdAt: ctx.now, milestones, rounds: [] }
  return ok(
    outcome(
      { ...contract, changeRequest: request },
      [{ type: 'CHANGES_REQUESTED', actorRole: 'EXPERT', data: { requestId: request.id, message: request.message, changes } }],
      [],
      [expiryTimer(request, contract.requestDays)],
    ),
  )
}

/**
 * What a request and a counter check alike (R8, R9, R18): the version it was based on, its
 * message, the plan (validated like a save) and that it changes the current plan; `unchanged` is
 * the refusal's words. Answers the normalized message and plan and the changes.
 */
export function checkProposal(
  contract: Contract,
  input: Omit<ProposeChangesInput, 'milestones'> & { readonly milestones: unknown },
  ctx: Context,
  unchanged: string,
): Result<{ message: string; milestones: NormalizedEntry[]; changes: PlanChange[] }> {
  if (input.baseVersion !== contract.planVersion) {
    return fail('STALE_PLAN_VERSION', 'The plan changed since you opened it.', { planVersion: contract.planVersion })
  }
  const message = checkMessage(input.message, 'message')
  if (!message.ok) return message
  const plan = validatePlan(contract.milestones, input.milestones, ctx.now)
  if (!plan.ok) return plan
  const changes = diffPlan(upcomingEntries(contract), plan.value)
  if (changes.length === 0) return fail('VALIDATION_FAILED', unchanged, { field: 'milestones' })
  return ok({ message: message.value, milestones: plan.value, changes })
}
