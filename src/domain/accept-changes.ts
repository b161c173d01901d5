import { requireMember, requireOpen } from './access'
import { fail, ok, type Result } from './errors'
import type { Outcome } from './events'
import { outcome } from './outcome'
import { applyPlan } from './plan'
import type { Actor, ChangeRequest, Context, Contract, PlanEntry, Role } from './types'

/** The pending request with this id, or NO_PENDING_CHANGE_REQUEST. */
export function requirePendingRequest(contract: Contract, requestId: string): Result<ChangeRequest> {
  const request = contract.changeRequest
  if (!request || request.id !== requestId) return fail('NO_PENDING_CHANGE_REQUEST', 'This request is no longer pending.', { requestId })
  return ok(request)
}

export const otherRole = (role: Role): Role => (role === 'CLIENT' ? 'EXPERT' : 'CLIENT')

/**
 * Who answers the pending request (accept, decline, counter: R8, R18) and who may withdraw it: the
 * author's counterpart, and the author. With nothing pending the roles of a first request apply
 * (the expert proposes, the client answers), so a stray answer is refused in the usual order.
 */
export function requestRoles(contract: Contract): { author: Role; answerer: Role } {
  const author = contract.changeRequest?.authorRole ?? 'EXPERT'
  return { author, answerer: otherRole(author) }
}

/**
 * The guard of a command on the pending request, in the order the API promises: NOT_FOUND →
 * FORBIDDEN_FOR_ROLE (not this party's turn) → CONTRACT_CLOSED → NO_PENDING_CHANGE_REQUEST.
 */
export function requireRequestTurn(contract: Contract, actor: Actor, requestId: string, side: 'author' | 'answerer'): Result<{ role: Role; request: ChangeRequest }> {
  const member = requireMember(contract, actor)
  if (!member.ok) return member
  if (member.value !== requestRoles(contract)[side]) {
    return fail(
      'FORBIDDEN_FOR_ROLE',
      side === 'author' ? 'Only the party who made this proposal can withdraw it.' : 'You made this proposal; the other party answers it.',
    )
  }
  const open = requireOpen(contract)
  if (!open.ok) return open
  const request = requirePendingRequest(contract, requestId)
  if (!request.ok) return request
  return ok({ role: member.value, request: request.value })
}

export type AcceptChangesInput = {
  readonly requestId: string
  /** The client's modified version of the proposal; the proposal itself when absent. */
  readonly milestones?: readonly PlanEntry[]
}

/**
 * The author's counterpart accepts the pending request or counter (R8, R18), the client also as a
 * modified version. The plan is validated again in full, so a request that no longer fits
 * (another version, a due date that has passed meanwhile) is refused whole, never half-applied.
 */
export function acceptChanges(contract: Contract, actor: Actor, input: AcceptChangesInput, ctx: Context): Result<Outcome> {
  const turn = requireRequestTurn(contract, actor, input.requestId, 'answerer')
  if (!turn.ok) return turn
  const { role, request } = turn.value
  // The client owns the plan: the expert answers a client's counter as it is, or counters it.
  if (input.milestones !== undefined && role !== 'CLIENT') {
    return fail('FORBIDDEN_FOR_ROLE', 'Only the client can accept a modified version; send a counter-proposal instead.')
  }
  if (request.baseVersion !== contract.planVersion) {
    return fail('STALE_PLAN_VERSION', 'The plan changed since this request was made.', { planVersion: contract.planVersion })
  }
  const applied = applyPlan(contract, input.milestones ?? request.milestones, ctx)
  if (!applied.ok) return applied
  const { changes, milestones } = applied.value
  // A modified version equal to the current plan resolves the request without changing the plan.
  const planVersion = changes.length > 0 ? contract.planVersion + 1 : contract.planVersion
  return ok(
    outcome({ ...contract, milestones, planVersion, changeRequest: null }, [
      { type: 'CHANGE_REQUEST_ACCEPTED', actorRole: role, data: { requestId: request.id, modified: input.milestones !== undefined, changes } },
    ]),
  )
}
