import { requireOpenAs } from './access'
import { fail, ok, type Result } from './errors'
import type { Outcome } from './events'
import { outcome } from './outcome'
import { applyPlan } from './plan'
import type { Actor, Context, Contract, PlanEntry } from './types'

export type SavePlanInput = {
  /** The plan version the editor started from (R9). */
  readonly baseVersion: number
  /** The whole upcoming plan in order; locked milestones are not sent. */
  readonly milestones: readonly PlanEntry[]
}

/**
 * The client saves the upcoming plan (R5, R7, R9, R10). Refused while a change request is
 * pending (R8) or when based on an old version. A save that changes nothing keeps the version
 * and reports no event, so a double-click does not email the expert twice.
 */
export function savePlan(contract: Contract, actor: Actor, input: SavePlanInput, ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'CLIENT')
  if (!allowed.ok) return allowed
  if (contract.changeRequest) {
    return fail('CHANGE_REQUEST_PENDING', 'The expert has proposed changes; review them before editing the plan.', { requestId: contract.changeRequest.id })
  }
  if (input.baseVersion !== contract.planVersion) {
    return fail('STALE_PLAN_VERSION', 'The plan changed since you opened it.', { planVersion: contract.planVersion })
  }
  const applied = applyPlan(contract, input.milestones, ctx)
  if (!applied.ok) return applied
  if (applied.value.changes.length === 0) return ok(outcome(contract, []))
  return ok(
    outcome({ ...contract, milestones: applied.value.milestones, planVersion: contract.planVersion + 1 }, [
      { type: 'PLAN_SAVED', actorRole: 'CLIENT', data: { changes: applied.value.changes } },
    ]),
  )
}
