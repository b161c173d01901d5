import { describe, expect, it } from 'vitest'
import { counterChanges } from '../../src/domain/counter-changes'
import { expireChangeRequest, requestExpiresAt } from '../../src/domain/expire-change-request'
import { proposeChanges } from '../../src/domain/propose-changes'
import { CLIENT, EXPERT, NOW, entry, expectOk, makeContract, makeCtx, makeMilestone, planOf } from './builders'

const DAY = 86_400_000
const at = (days: number) => new Date(NOW.getTime() + days * DAY)

/** A contract with the expert's request made at NOW, and `requestDays` to answer it. */
function pending(requestDays = 7) {
  const start = makeContract({ milestones: [makeMilestone({ title: 'A' })] })
  const requested = expectOk(proposeChanges(start, EXPERT, { baseVersion: 3, milestones: [...planOf(start), entry()], message: 'More' }, makeCtx(NOW, 'req'))).contract
  return { ...requested, requestDays }
}

describe('expireChangeRequest (R19)', () => {
  it('a request unanswered for requestDays expires: nothing pending, the plan unchanged, one event', () => {
    const contract = pending(7)
    const out = expireChangeRequest(contract, 'req-1', at(7))!
    expect(out.contract.changeRequest).toBeNull()
    expect(out.contract.milestones).toBe(contract.milestones)
    expect(out.contract.planVersion).toBe(contract.planVersion)
    expect(out.ledger).toEqual([])
    expect(out.events).toEqual([
      { type: 'CHANGE_REQUEST_EXPIRED', actorRole: 'SYSTEM', data: { requestId: 'req-1', authorRole: 'EXPERT', requestDays: 7, expiredAt: at(7).toISOString() } },
    ])
  })

  it('is not due a millisecond early, and honours the contract’s requestDays (1–30)', () => {
    expect(expireChangeRequest(pending(7), 'req-1', new Date(at(7).getTime() - 1))).toBeNull()
    expect(expireChangeRequest(pending(1), 'req-1', at(1))).not.toBeNull()
    expect(expireChangeRequest(pending(30), 'req-1', at(29))).toBeNull()
    expect(expireChangeRequest(pending(30), 'req-1', at(30))).not.toBeNull()
    expect(requestExpiresAt({ createdAt: NOW }, 7)).toEqual(at(7))
  })

  it('a stale timer is a no-op: another request pending, nothing pending, or the contract closed', () => {
    const contract = pending()
    expect(expireChangeRequest(contract, 'other', at(30))).toBeNull()
    expect(expireChangeRequest({ ...contract, changeRequest: null }, 'req-1', at(30))).toBeNull()
    expect(expireChangeRequest({ ...contract, status: 'CLOSED' }, 'req-1', at(30))).toBeNull()
  })

  it('a counter restarts the clock: the countered request’s timer finds nothing, the counter’s expires in turn', () => {
    const contract = pending(7)
    const countered = expectOk(
      counterChanges(contract, CLIENT, { requestId: 'req-1', baseVersion: 3, milestones: [...planOf(contract), entry({ title: 'Other' })], message: 'No' }, makeCtx(at(5), 'ctr')),
    ).contract
    expect(expireChangeRequest(countered, 'req-1', at(7))).toBeNull()
    expect(expireChangeRequest(countered, 'ctr-1', at(11))).toBeNull()
    const out = expireChangeRequest(countered, 'ctr-1', at(12))!
    expect(out.events[0]).toMatchObject({ type: 'CHANGE_REQUEST_EXPIRED', actorRole: 'SYSTEM', data: { requestId: 'ctr-1', authorRole: 'CLIENT' } })
  })
})
