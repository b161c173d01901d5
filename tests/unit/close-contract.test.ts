import { describe, expect, it } from 'vitest'
import { acceptClose, closeContract, declineClose } from '../../src/domain/close-contract'
import { checkConservation } from '../../src/domain/ledger'
import { CLIENT, EXPERT, NOW, OUTSIDER, expectError, expectOk, holding, makeContract, makeCtx, makeReleased, usd } from './builders'

const proposed = (refund: number) => expectOk(closeContract(holding().contract, CLIENT, { refundCents: usd(refund) }, makeCtx())).contract

describe('closeContract with nothing held', () => {
  it.each([
    ['client', CLIENT, 'CLIENT'],
    ['expert', EXPERT, 'EXPERT'],
  ] as const)('the %s closes at once', (_name, actor, role) => {
    const contract = makeContract({ changeRequest: { id: 'r1', authorRole: 'EXPERT', message: '', baseVersion: 3, createdAt: NOW, milestones: [], rounds: [] } })
    const out = expectOk(closeContract(contract, actor, {}, makeCtx()))
    expect(out.contract).toMatchObject({ status: 'CLOSED', closedAt: NOW, changeRequest: null, closeProposal: null })
    expect(out.contract.milestones.every((m) => m.state === 'UPCOMING')).toBe(true)
    expect(out.ledger).toEqual([])
    expect(out.events).toEqual([
      { type: 'CONTRACT_CLOSED', actorRole: role, data: { refundCents: 0, releaseCents: 0, settlement: false, cancelledRequestId: 'r1' } },
    ])
  })

  it('accepts refundCents 0 and refuses any refund above it', () => {
    expect(closeContract(makeContract(), CLIENT, { refundCents: usd(0) }, makeCtx()).ok).toBe(true)
    expectError(closeContract(makeContract(), CLIENT, { refundCents: usd(1) }, makeCtx()), 'REFUND_EXCEEDS_HELD')
  })

  it('refuses outsiders, closed contracts and a pending proposal', () => {
    expectError(closeContract(makeContract(), OUTSIDER, {}, makeCtx()), 'NOT_FOUND')
    expectError(closeContract(makeContract({ status: 'CLOSED' }), CLIENT, {}, makeCtx()), 'CONTRACT_CLOSED')
    expectError(closeContract(proposed(0), EXPERT, {}, makeCtx()), 'CLOSE_PROPOSAL_PENDING')
    expectError(closeContract(proposed(0), CLIENT, { refundCents: usd(0) }, makeCtx()), 'CLOSE_PROPOSAL_PENDING')
  })
})

describe('closeContract with money held (R11)', () => {
  it('the client proposes a settlement; nothing moves yet', () => {
    const { contract } = holding()
    const out = expectOk(closeContract(contract, CLIENT, { refundCents: usd(4_000) }, makeCtx()))
    expect(out.contract.status).toBe('OPEN')
    expect(out.contract.closeProposal).toEqual({ refundCents: 4_000, proposedAt: NOW })
    expect(out.ledger).toEqual([])
    expect(out.events).toEqual([{ type: 'CLOSE_PROPOSED', actorRole: 'CLIENT', data: { refundCents: 4_000, releaseCents: 9_000 } }])
  })

  it.each([
    [undefined, 'VALIDATION_FAILED'],
    [-1, 'VALIDATION_FAILED'],
    [1.5, 'VALIDATION_FAILED'],
    [13_001, 'REFUND_EXCEEDS_HELD'],
  ] as const)('the client proposing refund %s is refused with %s', (refund, code) => {
    const input = refund === undefined ? {} : { refundCents: usd(refund) }
    expectError(closeContract(holding().contract, CLIENT, input, makeCtx()), code)
  })

  it('the expert closes at once, refunding everything held; the milestone in progress is refunded', () => {
    const { contract, ledger } = holding()
    const out = expectOk(closeContract(contract, EXPERT, {}, makeCtx()))
    expect(out.contract.status).toBe('CLOSED')
    expect(out.contract.milestones.map((m) => m.state)).toEqual(['RELEASED', 'REFUNDED', 'UPCOMING'])
    expect(out.ledger).toEqual([{ kind: 'REFUND', amountCents: 13_000, milestoneId: null }])
    expect(out.contract.escrow).toEqual({ depositedCents: 15_000, releasedCents: 2_000, refundedCents: 13_000, balanceCents: 0 })
    expect(checkConservation(out.contract, [...ledger, ...out.ledger])).toEqual([])
    expect(expectOk(closeContract(contract, EXPERT, { refundCents: usd(13_000) }, makeCtx())).contract.status).toBe('CLOSED')
  })

  it('the expert cannot choose a smaller refund or a larger one', () => {
    expectError(closeContract(holding().contract, EXPERT, { refundCents: usd(0) }, makeCtx()), 'VALIDATION_FAILED')
    expectError(closeContract(holding().contract, EXPERT, { refundCents: usd(13_001) }, makeCtx()), 'REFUND_EXCEEDS_HELD')
  })
})

describe('acceptClose and declineClose', () => {
  it.each([
    // [refund, milestone state, milestone released, ledger]
    [0, 'RELEASED', 10_000, [{ kind: 'RELEASE', amountCents: 10_000 }, { kind: 'RELEASE', amountCents: 3_000, milestoneId: null }]],
    [4_000, 'RELEASED', 9_000, [{ kind: 'RELEASE', amountCents: 9_000 }, { kind: 'REFUND', amountCents: 4_000, milestoneId: null }]],
    [13_000, 'REFUNDED', 0, [{ kind: 'REFUND', amountCents: 13_000, milestoneId: null }]],
  ] as const)('refund %i: the milestone ends %s with %i released', (refund, state, released, ledger) => {
    const { ledger: before } = holding()
    const contract = proposed(refund)
    const out = expectOk(acceptClose(contract, EXPERT, makeCtx()))
    expect(out.contract).toMatchObject({ status: 'CLOSED', closeProposal: null, closedAt: NOW })
    expect(out.contract.milestones[1]).toMatchObject({ state, releasedCents: released })
    expect(out.contract.milestones[2]?.state).toBe('UPCOMING')
    expect(out.ledger).toMatchObject(ledger)
    expect(out.contract.escrow.balanceCents).toBe(0)
    expect(out.events[0]).toMatchObject({ type: 'CONTRACT_CLOSED', data: { refundCents: refund, releaseCents: 13_000 - refund, settlement: true } })
    expect(checkConservation(out.contract, [...before, ...out.ledger])).toEqual([])
  })

  it('the expert declines: the proposal is cleared and the contract stays open', () => {
    const out = expectOk(declineClose(proposed(4_000), EXPERT, makeCtx()))
    expect(out.contract.closeProposal).toBeNull()
    expect(out.contract.status).toBe('OPEN')
    expect(out.events).toEqual([{ type: 'CLOSE_DECLINED', actorRole: 'EXPERT', data: { refundCents: 4_000, releaseCents: 9_000 } }])
  })

  it('refuses with no proposal, for the client, for outsiders and after close', () => {
    expectError(acceptClose(holding().contract, EXPERT, makeCtx()), 'NO_PENDING_CLOSE_PROPOSAL')
    expectError(declineClose(holding().contract, EXPERT, makeCtx()), 'NO_PENDING_CLOSE_PROPOSAL')
    expectError(acceptClose(proposed(0), CLIENT, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(declineClose(proposed(0), OUTSIDER, makeCtx()), 'NOT_FOUND')
    expectError(acceptClose({ ...proposed(0), status: 'CLOSED' }, EXPERT, makeCtx()), 'CONTRACT_CLOSED')
  })

  it('refuses a proposal that no longer fits what escrow holds (defensive)', () => {
    const contract = { ...makeContract(), closeProposal: { refundCents: usd(1), proposedAt: NOW } }
    expectError(acceptClose(contract, EXPERT, makeCtx()), 'REFUND_EXCEEDS_HELD')
  })

  it('releases beyond the milestone when only balance is held (no milestone in progress)', () => {
    const contract = makeContract({
      milestones: [makeReleased({ amountCents: usd(5_000), releasedCents: usd(4_000) })],
      closeProposal: { refundCents: usd(0), proposedAt: NOW },
    })
    const out = expectOk(acceptClose(contract, EXPERT, makeCtx()))
    expect(out.ledger).toEqual([{ kind: 'RELEASE', amountCents: 1_000, milestoneId: null }])
  })
})
