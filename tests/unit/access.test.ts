import { describe, expect, it } from 'vitest'
import * as domain from '../../src/domain'
import { requireOpen, requireOpenAs, requireRole, roleOf } from '../../src/domain/access'
import { CLIENT, EXPERT, NOW, OUTSIDER, expectError, makeContract, makeCtx, usd } from './builders'

describe('roles', () => {
  it('roleOf names the role on this contract, or null', () => {
    const contract = makeContract()
    expect(roleOf(contract, CLIENT.userId)).toBe('CLIENT')
    expect(roleOf(contract, EXPERT.userId)).toBe('EXPERT')
    expect(roleOf(contract, OUTSIDER.userId)).toBeNull()
  })

  it('roles are per contract: the same person can be client on one and expert on another', () => {
    const swapped = makeContract({ clientId: EXPERT.userId, expertId: CLIENT.userId })
    expect(roleOf(swapped, CLIENT.userId)).toBe('EXPERT')
  })

  it('requireRole: NOT_FOUND for outsiders, FORBIDDEN_FOR_ROLE for the other party', () => {
    const contract = makeContract()
    expectError(requireRole(contract, OUTSIDER, 'CLIENT'), 'NOT_FOUND')
    expect(expectError(requireRole(contract, EXPERT, 'CLIENT'), 'FORBIDDEN_FOR_ROLE').message).toMatch(/client/)
    expect(expectError(requireRole(contract, CLIENT, 'EXPERT'), 'FORBIDDEN_FOR_ROLE').message).toMatch(/expert/)
    expect(requireRole(contract, CLIENT, 'CLIENT')).toEqual({ ok: true, value: 'CLIENT' })
  })

  it('requireOpen and requireOpenAs', () => {
    const closed = makeContract({ status: 'CLOSED' })
    expectError(requireOpen(closed), 'CONTRACT_CLOSED')
    expectError(requireOpenAs(closed, OUTSIDER, null), 'NOT_FOUND')
    expectError(requireOpenAs(closed, EXPERT, null), 'CONTRACT_CLOSED')
    expect(requireOpenAs(makeContract(), EXPERT, null)).toEqual({ ok: true, value: 'EXPERT' })
  })
})

describe('every command checks NOT_FOUND → FORBIDDEN_FOR_ROLE → CONTRACT_CLOSED first', () => {
  const ctx = makeCtx()
  const commands = {
    savePlan: (c: domain.Contract, a: domain.Actor) => domain.savePlan(c, a, { baseVersion: 0, milestones: [] }, ctx),
    proposeChanges: (c: domain.Contract, a: domain.Actor) => domain.proposeChanges(c, a, { baseVersion: 0, milestones: [], message: '' }, ctx),
    acceptChanges: (c: domain.Contract, a: domain.Actor) => domain.acceptChanges(c, a, { requestId: 'x' }, ctx),
    declineChanges: (c: domain.Contract, a: domain.Actor) => domain.declineChanges(c, a, { requestId: 'x' }, ctx),
    withdrawChanges: (c: domain.Contract, a: domain.Actor) => domain.withdrawChanges(c, a, { requestId: 'x' }, ctx),
    fundMilestone: (c: domain.Contract, a: domain.Actor) => domain.fundMilestone(c, a, { milestoneId: 'x' }, ctx),
    submitWork: (c: domain.Contract, a: domain.Actor) => domain.submitWork(c, a, { milestoneId: 'x', message: 'Done' }, ctx),
    releasePayment: (c: domain.Contract, a: domain.Actor) => domain.releasePayment(c, a, { milestoneId: 'x', amountCents: usd(1) }, ctx),
    acceptClose: (c: domain.Contract, a: domain.Actor) => domain.acceptClose(c, a, ctx),
    declineClose: (c: domain.Contract, a: domain.Actor) => domain.declineClose(c, a, ctx),
  }
  const roleOfCommand: Record<keyof typeof commands, 'CLIENT' | 'EXPERT'> = {
    savePlan: 'CLIENT',
    proposeChanges: 'EXPERT',
    acceptChanges: 'CLIENT',
    declineChanges: 'CLIENT',
    withdrawChanges: 'EXPERT',
    fundMilestone: 'CLIENT',
    submitWork: 'EXPERT',
    releasePayment: 'CLIENT',
    acceptClose: 'EXPERT',
    declineClose: 'EXPERT',
  }
  const closed = makeContract({ status: 'CLOSED', closedAt: NOW })

  it.each(Object.keys(commands) as (keyof typeof commands)[])('%s', (name) => {
    const run = commands[name]
    const [own, other] = roleOfCommand[name] === 'CLIENT' ? [CLIENT, EXPERT] : [EXPERT, CLIENT]
    expectError(run(closed, OUTSIDER), 'NOT_FOUND')
    expectError(run(closed, other), 'FORBIDDEN_FOR_ROLE')
    expectError(run(closed, own), 'CONTRACT_CLOSED')
  })

  it('closeContract admits both roles; leaveReview admits both roles on a closed contract', () => {
    for (const actor of [CLIENT, EXPERT]) expectError(domain.closeContract(closed, actor, {}, ctx), 'CONTRACT_CLOSED')
    expectError(domain.closeContract(closed, OUTSIDER, {}, ctx), 'NOT_FOUND')
    expectError(domain.leaveReview(closed, OUTSIDER, { rating: 5, comment: '' }, ctx), 'NOT_FOUND')
  })
})
