import type { Outcome, Timer } from './events'
import { outcome } from './outcome'
import type { ChangeRequest, Context, Contract } from './types'

const DAY_MS = 86_400_000

/** The due kind of a pending request's expiry timer (src/server/jobs/due-kinds.ts). */
export const CHANGE_REQUEST_EXPIRY = 'CHANGE_REQUEST_EXPIRY'

/** When a pending request or counter expires unanswered (R19): `requestDays` after it was made. */
export function requestExpiresAt(request: Pick<ChangeRequest, 'createdAt'>, requestDays: number): Date {
  return new Date(request.createdAt.getTime() + requestDays * DAY_MS)
}

/** The timer a new request or counter sets (R19): wake up when it would expire. */
export function expiryTimer(request: ChangeRequest, requestDays: number): Timer {
  return { kind: CHANGE_REQUEST_EXPIRY, subjectId: request.id, at: requestExpiresAt(request, requestDays) }
}

/**
 * R19: the pending request or counter `requestId`, unanswered for the contract's `requestDays`,
 * expires: it is no longer pending, the plan stays as it is, and both parties hear of it. Refuses
 * (null: nothing to do) when that request is not the pending one any more (answered, withdrawn,
 * countered, the contract closed) or is not due yet, so a stale or early timer is a no-op.
 */
export function expireChangeRequest(contract: Contract, requestId: string, now: Date): Outcome | null {
  const request = contract.changeRequest
  if (contract.status !== 'OPEN' || !request || request.id !== requestId) return null
  const expiresAt = requestExpiresAt(request, contract.requestDays)
  if (now.getTime() < expiresAt.getTime()) return null
  return outcome({ ...contract, changeRequest: null }, [
    {
      type: 'CHANGE_REQUEST_EXPIRED',
      actorRole: 'SYSTEM',
      data: { requestId: request.id, authorRole: request.authorRole, requestDays: contract.requestDays, expiredAt: expiresAt.toISOString() },
    },
  ])
}

/** The due decision of a CHANGE_REQUEST_EXPIRY timer (src/server/jobs/due-kinds.ts). */
export const decideRequestExpiry = (contract: Contract, timer: { subjectId: string }, ctx: Context): Outcome | null => expireChangeRequest(contract, timer.subjectId, ctx.now)
