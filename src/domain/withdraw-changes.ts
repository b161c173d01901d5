import { requireRequestTurn } from './accept-changes'
import { ok, type Result } from './errors'
import type { Outcome } from './events'
import { outcome } from './outcome'
import type { Actor, Context, Contract } from './types'

/** The author withdraws their pending request or counter (R8, R18), which frees the client to edit again. */
export function withdrawChanges(contract: Contract, actor: Actor, input: { requestId: string }, _ctx: Context): Result<Outcome> {
  const turn = requireRequestTurn(contract, actor, input.requestId, 'author')
  if (!turn.ok) return turn
  return ok(
    outcome({ ...contract, changeRequest: null }, [
      { type: 'CHANGE_REQUEST_WITHDRAWN', actorRole: turn.value.role, data: { requestId: turn.value.request.id } },
    ]),
  )
}
