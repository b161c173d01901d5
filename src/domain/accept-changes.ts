import { requireOpenAs } from './access'
import { fail, ok, type Result } from './errors'
import type { Outcome } from './events'
import { outcome } from './outcome'
import { applyPlan } from './plan'
import type { Actor, ChangeRequest, Context, Contract, PlanEntry } from './types'

/** The pending request with this id, or NO_PENDING_CHANGE_REQUEST. */
export function requirePendingRequest(contract: Contract, requestId: string): Result<ChangeRequest> {
  const request = contract.changeRequest
  if (!request || request.id !== requestId) return fail('NO_PENDING_CHANGE_REQUEST', 'This request is no longer pending.', { requestId })
  return ok(request)
}

export type AcceptChangesInput = {
  readonly requestId: string
  /** The client's modified version of the proposal; the proposal itself when absent. */
  readonly milestones?: readonly PlanEntry[]
}

/**
 * The client accepts the pending request, as proposed or modified (R8). The plan is validated
 * again in full, so a request that no longer fits (another version, a due date that has passed
 * meanwhile) is refused whole, never half-applied.
 */
export function acceptChanges(contract: Contract, actor: Actor, input: AcceptChangesInput, ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'CLIENT')
  if (!allowed.ok) return allowed
  const request = requirePendingRequest(contract, input.requestId)
  if (!request.ok) return request
  if (request.value.baseVersion !== contract.planVersion) {
    return fail('STALE_PLAN_VERSION', 'The plan changed since this request was made.', { planVersion: contract.planVersion })
  }
  const applied = applyPlan(contract, input.milestones ?? request.value.milestones, ctx)
  if (!applied.ok) return applied
  const { changes, milestones } = applied.value
  // A modified version equal to the current plan resolves the request without changing the plan.
  const planVersion = changes.length > 0 ? contract.planVersion + 1 : contract.planVersion
  return ok(
    outcome({ ...contract, milestones, planVersion, changeRequest: null }, [
      { type: 'CHANGE_REQUEST_ACCEPTED', actorRole: 'CLIENT', data: { requestId: request.value.id, modified: input.milestones !== undefined, changes } },
    ]),
  )
}
