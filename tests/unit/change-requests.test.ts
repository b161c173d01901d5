import { describe, expect, it } from 'vitest'
import { acceptChanges } from '../../src/domain/accept-changes'
import { declineChanges } from '../../src/domain/decline-changes'
import { proposeChanges } from '../../src/domain/propose-changes'
import { savePlan } from '../../src/domain/save-plan'
import type { Contract } from '../../src/domain/types'
import { withdrawChanges } from '../../src/domain/withdraw-changes'
import { CLIENT, EXPERT, NOW, OUTSIDER, entry, expectError, expectOk, makeContract, makeCtx, makeMilestone, planOf, usd } from './builders'

const base = () => makeContract({ milestones: [makeMilestone({ title: 'A' }), makeMilestone({ title: 'B' })] })

function withRequest(contract: Contract = base(), milestones = [...planOf(contract), entry({ title: 'Extra' })]) {
  return expectOk(proposeChanges(contract, EXPERT, { baseVersion: contract.planVersion, milestones, message: ' Please add ' }, makeCtx(NOW, 'req')))
    .contract
}

describe('proposeChanges (R8)', () => {
  it('stores the request without touching the plan and reports the changes', () => {
    const contract = base()
    const out = expectOk(
      proposeChanges(contract, EXPERT, { baseVersion: 3, milestones: [...planOf(contract), entry({ title: 'Extra' })], message: ' Please add ' }, makeCtx()),
    )
    expect(out.contract.milestones).toBe(contract.milestones)
    expect(out.contract.planVersion).toBe(3)
    expect(out.contract.changeRequest).toMatchObject({ id: 'id-1', message: 'Please add', baseVersion: 3, createdAt: NOW })
    expect(out.contract.changeRequest?.milestones).toHaveLength(3)
    expect(out.events).toEqual([
      {
        type: 'CHANGES_REQUESTED',
        actorRole: 'EXPERT',
        data: { requestId: 'id-1', message: 'Please add', changes: [{ kind: 'ADDED', to: 2, entry: { title: 'Extra', description: '', amountCents: 5000, dueDate: null } }] },
      },
    ])
  })

  it('refuses outsiders, the client, closed contracts, in that order', () => {
    const input = { baseVersion: 3, milestones: [], message: '' }
    expectError(proposeChanges(base(), OUTSIDER, input, makeCtx()), 'NOT_FOUND')
    expectError(proposeChanges(base(), CLIENT, input, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(proposeChanges(makeContract({ status: 'CLOSED' }), EXPERT, input, makeCtx()), 'CONTRACT_CLOSED')
  })

  it('allows one pending request at a time', () => {
    const contract = withRequest()
    expectError(proposeChanges(contract, EXPERT, { baseVersion: 3, milestones: [], message: '' }, makeCtx()), 'CHANGE_REQUEST_PENDING')
  })

  it('refuses a stale version, an empty proposal, a bad plan and a too-long message', () => {
    const contract = base()
    expectError(proposeChanges(contract, EXPERT, { baseVersion: 2, milestones: [], message: '' }, makeCtx()), 'STALE_PLAN_VERSION')
    expectError(proposeChanges(contract, EXPERT, { baseVersion: 3, milestones: planOf(contract), message: 'same' }, makeCtx()), 'VALIDATION_FAILED')
    expectError(proposeChanges(contract, EXPERT, { baseVersion: 3, milestones: [entry({ amountCents: usd(499) })], message: '' }, makeCtx()), 'AMOUNT_BELOW_MINIMUM')
    expectError(proposeChanges(contract, EXPERT, { baseVersion: 3, milestones: [], message: 'x'.repeat(2001) }, makeCtx()), 'VALIDATION_FAILED')
    expectError(proposeChanges(contract, EXPERT, { baseVersion: 3, milestones: [], message: 5 as never }, makeCtx()), 'VALIDATION_FAILED')
    expect(proposeChanges(contract, EXPERT, { baseVersion: 3, milestones: [], message: undefined as never }, makeCtx()).ok).toBe(true)
  })

  it('blocks the client saving while it is pending', () => {
    const contract = withRequest()
    expectError(savePlan(contract, CLIENT, { baseVersion: 3, milestones: [] }, makeCtx()), 'CHANGE_REQUEST_PENDING')
  })
})

describe('acceptChanges', () => {
  it('applies the proposal, bumps the version and clears the request', () => {
    const contract = withRequest()
    const out = expectOk(acceptChanges(contract, CLIENT, { requestId: 'req-1' }, makeCtx()))
    expect(out.contract.milestones.map((m) => m.title)).toEqual(['A', 'B', 'Extra'])
    expect(out.contract.planVersion).toBe(4)
    expect(out.contract.changeRequest).toBeNull()
    expect(out.events[0]).toMatchObject({ type: 'CHANGE_REQUEST_ACCEPTED', data: { requestId: 'req-1', modified: false } })
  })

  it('accepts a modified version instead of the proposal', () => {
    const contract = withRequest()
    const out = expectOk(acceptChanges(contract, CLIENT, { requestId: 'req-1', milestones: [entry({ title: 'Mine' })] }, makeCtx()))
    expect(out.contract.milestones.map((m) => m.title)).toEqual(['Mine'])
    expect(out.events[0]).toMatchObject({ data: { modified: true } })
  })

  it('a modified version equal to the current plan resolves the request without a new version', () => {
    const contract = withRequest()
    const out = expectOk(acceptChanges(contract, CLIENT, { requestId: 'req-1', milestones: planOf(contract) }, makeCtx()))
    expect(out.contract.planVersion).toBe(3)
    expect(out.contract.changeRequest).toBeNull()
  })

  it('refuses the expert, an unknown request and no pending request', () => {
    const contract = withRequest()
    expectError(acceptChanges(contract, EXPERT, { requestId: 'req-1' }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(acceptChanges(contract, CLIENT, { requestId: 'other' }, makeCtx()), 'NO_PENDING_CHANGE_REQUEST')
    expectError(acceptChanges(base(), CLIENT, { requestId: 'req-1' }, makeCtx()), 'NO_PENDING_CHANGE_REQUEST')
  })

  it('refuses, whole, a request that no longer fits the plan version', () => {
    const contract = withRequest()
    const moved = { ...contract, planVersion: 9 }
    expectError(acceptChanges(moved, CLIENT, { requestId: 'req-1' }, makeCtx()), 'STALE_PLAN_VERSION')
  })

  it('refuses, whole, a proposal whose new due date has passed since (never half-applied)', () => {
    const start = base()
    const contract = withRequest(start, [...planOf(start), entry({ title: 'Soon', dueDate: '2026-06-16' })])
    const later = makeCtx(new Date('2026-06-17T12:00:00.000Z'))
    const error = expectError(acceptChanges(contract, CLIENT, { requestId: 'req-1' }, later), 'DUE_DATE_IN_PAST')
    expect(error.details).toEqual({ index: 2, field: 'dueDate' })
    // Still acceptable the moment before the day ends Anywhere on Earth.
    expect(acceptChanges(contract, CLIENT, { requestId: 'req-1' }, makeCtx(new Date('2026-06-17T11:59:00.000Z'))).ok).toBe(true)
  })

  it('refuses a modified version that breaks a rule', () => {
    const contract = withRequest()
    expectError(acceptChanges(contract, CLIENT, { requestId: 'req-1', milestones: [entry({ amountCents: usd(100_000_001) })] }, makeCtx()), 'AMOUNT_ABOVE_MAXIMUM')
  })
})

describe('declineChanges and withdrawChanges', () => {
  it('the client declines with an optional reason; the plan stays', () => {
    const contract = withRequest()
    const out = expectOk(declineChanges(contract, CLIENT, { requestId: 'req-1', reason: ' Too much ' }, makeCtx()))
    expect(out.contract.changeRequest).toBeNull()
    expect(out.contract.milestones).toBe(contract.milestones)
    expect(out.events).toEqual([{ type: 'CHANGE_REQUEST_DECLINED', actorRole: 'CLIENT', data: { requestId: 'req-1', reason: 'Too much' } }])
    const silent = expectOk(declineChanges(contract, CLIENT, { requestId: 'req-1' }, makeCtx()))
    expect(silent.events[0]).toMatchObject({ data: { reason: null } })
  })

  it('decline refuses the expert, a wrong id and an overlong reason', () => {
    const contract = withRequest()
    expectError(declineChanges(contract, EXPERT, { requestId: 'req-1' }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(declineChanges(contract, CLIENT, { requestId: 'nope' }, makeCtx()), 'NO_PENDING_CHANGE_REQUEST')
    expectError(declineChanges(contract, CLIENT, { requestId: 'req-1', reason: 'x'.repeat(2001) }, makeCtx()), 'VALIDATION_FAILED')
  })

  it('the expert withdraws; the client may edit again', () => {
    const contract = withRequest()
    const out = expectOk(withdrawChanges(contract, EXPERT, { requestId: 'req-1' }, makeCtx()))
    expect(out.events).toEqual([{ type: 'CHANGE_REQUEST_WITHDRAWN', actorRole: 'EXPERT', data: { requestId: 'req-1' } }])
    expect(savePlan(out.contract, CLIENT, { baseVersion: 3, milestones: [] }, makeCtx()).ok).toBe(true)
  })

  it('withdraw refuses the client, a wrong id and a closed contract', () => {
    const contract = withRequest()
    expectError(withdrawChanges(contract, CLIENT, { requestId: 'req-1' }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(withdrawChanges(contract, EXPERT, { requestId: 'x' }, makeCtx()), 'NO_PENDING_CHANGE_REQUEST')
    expectError(withdrawChanges({ ...contract, status: 'CLOSED' }, EXPERT, { requestId: 'req-1' }, makeCtx()), 'CONTRACT_CLOSED')
  })
})
