import { requireOpenAs } from './access'
import { requirePendingRequest } from './accept-changes'
import { ok, type Result } from './errors'
import type { Outcome } from './events'
import { outcome } from './outcome'
import type { Actor, Context, Contract } from './types'

/** The expert withdraws their pending request (R8), which frees the client to edit again. */
export function withdrawChanges(contract: Contract, actor: Actor, input: { requestId: string }, _ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'EXPERT')
  if (!allowed.ok) return allowed
  const request = requirePendingRequest(contract, input.requestId)
  if (!request.ok) return request
  return ok(
    outcome({ ...contract, changeRequest: null }, [
      { type: 'CHANGE_REQUEST_WITHDRAWN', actorRole: 'EXPERT', data: { requestId: request.value.id } },
    ]),
  )
}
