import { requireRequestTurn } from './accept-changes'
import { ok, type Result } from './errors'
import type { Outcome } from './events'
import { outcome } from './outcome'
import { checkMessage } from './propose-changes'
import type { Actor, Context, Contract } from './types'

/** The author's counterpart declines the pending request or counter, optionally saying why (R8, R18). The plan stays as it is. */
export function declineChanges(contract: Contract, actor: Actor, input: { requestId: string; reason?: string | null }, _ctx: Context): Result<Outcome> {
  const turn = requireRequestTurn(contract, actor, input.requestId, 'answerer')
  if (!turn.ok) return turn
  const reason = checkMessage(input.reason, 'reason')
  if (!reason.ok) return reason
  return ok(
    outcome({ ...contract, changeRequest: null }, [
      { type: 'CHANGE_REQUEST_DECLINED', actorRole: turn.value.role, data: { requestId: turn.value.request.id, reason: reason.value === '' ? null : reason.value } },
    ]),
  )
}
