import { requireRequestTurn } from './accept-changes'
import { fail, ok, type Result } from './errors'
import type { Outcome } from './events'
import { expiryTimer } from './expire-change-request'
import { outcome } from './outcome'
import { fieldsOf } from './plan-diff'
import { checkProposal } from './propose-changes'
import type { Actor, ChangeRequest, ChangeRound, Context, Contract, PlanEntry } from './types'

export type CounterChangesInput = {
  readonly requestId: string
  /** The plan version the counterer's editor started from (R9). */
  readonly baseVersion: number
  /** The counter-proposal: the whole upcoming plan, in order, as in a save. */
  readonly milestones: readonly PlanEntry[]
  readonly message: string
}

/** Whether two plan inputs name the same milestones with the same fields in the same order. */
export function isSamePlan(a: readonly PlanEntry[], b: readonly PlanEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((entry, i) => {
      const other = b[i]!
      const [x, y] = [fieldsOf(entry), fieldsOf(other)]
      return entry.id === other.id && x.title === y.title && x.description === y.description && x.amountCents === y.amountCents && x.dueDate === y.dueDate
    })
  )
}

/** A pending request as one round of its thread. */
export const roundOf = (request: ChangeRequest): ChangeRound => ({
  id: request.id,
  authorRole: request.authorRole,
  message: request.message,
  createdAt: request.createdAt,
  milestones: request.milestones,
})

/**
 * The author's counterpart answers the pending request with a plan of their own (R18). The counter
 * replaces the request as the pending one, authored by the counterer, with the earlier rounds kept
 * as its thread; the other party then accepts, declines or counters it. Validated like a request:
 * on the current plan version (R9), a changed plan, and not the proposal it answers (accept that).
 */
export function counterChanges(contract: Contract, actor: Actor, input: CounterChangesInput, ctx: Context): Result<Outcome> {
  const turn = requireRequestTurn(contract, actor, input.requestId, 'answerer')
  if (!turn.ok) return turn
  const { role, request } = turn.value
  const checked = checkProposal(contract, input, ctx, 'The counter-proposal is the current plan; decline the request instead.')
  if (!checked.ok) return checked
  const { message, milestones, changes } = checked.value
  if (isSamePlan(milestones, request.milestones)) {
    return fail('VALIDATION_FAILED', 'The counter-proposal is the same as the proposal; accept it instead.', { field: 'milestones' })
  }
  const counter: ChangeRequest = {
    id: ctx.newId(),
    authorRole: role,
    message,
    baseVersion: contract.planVersion,
    createdAt: ctx.now,
    milestones,
    rounds: [...request.rounds, roundOf(request)],
  }
  return ok(
    outcome(
      { ...contract, changeRequest: counter },
      [{ type: 'CHANGES_COUNTERED', actorRole: role, data: { requestId: counter.id, counteredRequestId: request.id, message: counter.message, changes } }],
      [],
      // R19: the counter waits requestDays for its own answer; the countered request's timer finds it gone.
      [expiryTimer(counter, contract.requestDays)],
    ),
  )
}
