import { requireOpenAs } from './access'
import { requirePendingRequest } from './accept-changes'
import { ok, type Result } from './errors'
import type { Outcome } from './events'
import { outcome } from './outcome'
import { checkMessage } from './propose-changes'
import type { Actor, Context, Contract } from './types'

/** The client declines the pending request, optionally saying why (R8). The plan stays as it is. */
export function declineChanges(contract: Contract, actor: Actor, input: { requestId: string; reason?: string | null }, _ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'CLIENT')
  if (!allowed.ok) return allowed
  const request = requirePendingRequest(contract, input.requestId)
  if (!request.ok) return request
  const reason = checkMessage(input.reason, 'reason')
  if (!reason.ok) return reason
  return ok(
    outcome({ ...contract, changeRequest: null }, [
      { type: 'CHANGE_REQUEST_DECLINED', actorRole: 'CLIENT', data: { requestId: request.value.id, reason: reason.value === '' ? null : reason.value } },
    ]),
  )
}
