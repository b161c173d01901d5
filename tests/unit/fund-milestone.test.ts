import { describe, expect, it } from 'vitest'
import { acceptChanges } from '../../src/domain/accept-changes'
import { depositFor, escrowView } from '../../src/domain/escrow'
import { fundMilestone, isTouchedByRequest } from '../../src/domain/fund-milestone'
import { proposeChanges } from '../../src/domain/propose-changes'
import type { Contract } from '../../src/domain/types'
import { CLIENT, EXPERT, NOW, OUTSIDER, entry, expectError, expectOk, makeContract, makeCtx, makeFunded, makeMilestone, makeReleased, planOf, usd } from './builders'

const fund = (contract: Contract, milestoneId = contract.milestones.find((m) => m.state === 'UPCOMING')!.id) =>
  fundMilestone(contract, CLIENT, { milestoneId }, makeCtx())

const withBalance = (balance: number, amount: number) =>
  makeContract({
    milestones: [makeMilestone({ amountCents: usd(amount) })],
    escrow: { depositedCents: usd(balance), releasedCents: usd(0), refundedCents: usd(0), balanceCents: usd(balance) },
  })

describe('depositFor (R4)', () => {
  it.each([
    // [balance, amount, deposit, balance after, paid from balance]
    [0, 500, 500, 0, 0],
    [300, 700, 500, 100, 200],
    [700, 700, 0, 0, 700],
    [1000, 700, 0, 300, 700],
    [200, 700, 500, 0, 200],
    [201, 700, 500, 1, 200],
    [199, 700, 501, 0, 199],
    [0, 100_000_000, 100_000_000, 0, 0],
  ])('balance %i funding %i → deposit %i, balance %i', (balance, amount, deposit, after, fromBalance) => {
    expect(depositFor(usd(amount), usd(balance))).toEqual({ depositCents: deposit, balanceAfterCents: after, fromBalanceCents: fromBalance })
  })
})

describe('fundMilestone', () => {
  it('funds the next milestone: deposit, ledger, state, version, event', () => {
    const contract = withBalance(300, 700)
    const id = contract.milestones[0]!.id
    const out = expectOk(fund(contract))
    expect(out.contract.milestones[0]).toMatchObject({ state: 'FUNDED', fundedCents: 700, fundedAt: NOW })
    expect(out.contract.escrow).toEqual({ depositedCents: 800, releasedCents: 0, refundedCents: 0, balanceCents: 100 })
    expect(out.contract.planVersion).toBe(4)
    expect(out.ledger).toEqual([{ kind: 'DEPOSIT', amountCents: 500, milestoneId: id }])
    expect(out.events).toEqual([
      { type: 'MILESTONE_FUNDED', actorRole: 'CLIENT', data: { milestoneId: id, title: contract.milestones[0]!.title, amountCents: 700, depositCents: 500, fromBalanceCents: 200 } },
    ])
  })

  it('records no deposit when the balance pays for it all', () => {
    const out = expectOk(fund(withBalance(700, 700)))
    expect(out.ledger).toEqual([])
    expect(out.contract.escrow.balanceCents).toBe(0)
    expect(out.contract.escrow.depositedCents).toBe(700)
  })

  it('with no balance, funding $5.00 deposits $5.00', () => {
    expect(expectOk(fund(withBalance(0, 500))).ledger).toMatchObject([{ kind: 'DEPOSIT', amountCents: 500 }])
  })

  it('checks who, then open, then the close proposal', () => {
    const contract = makeContract()
    const id = contract.milestones[0]!.id
    expectError(fundMilestone(contract, OUTSIDER, { milestoneId: id }, makeCtx()), 'NOT_FOUND')
    expectError(fundMilestone(contract, EXPERT, { milestoneId: id }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(fund({ ...contract, status: 'CLOSED' }, id), 'CONTRACT_CLOSED')
    expectError(fund({ ...contract, closeProposal: { refundCents: usd(0), proposedAt: NOW } }, id), 'CLOSE_PROPOSAL_PENDING')
  })

  it('an unknown milestone is NOT_FOUND; a funded or paid one is MILESTONE_LOCKED', () => {
    const done = makeReleased()
    const contract = makeContract({ milestones: [done, makeMilestone()] })
    expectError(fund(contract, 'ghost'), 'NOT_FOUND')
    expectError(fund(contract, done.id), 'MILESTONE_LOCKED')
  })

  it('only one milestone in progress (R2), and only the first upcoming one (R3)', () => {
    const doing = makeFunded()
    const next = makeMilestone()
    const later = makeMilestone()
    expectError(fund(makeContract({ milestones: [doing, next, later] }), next.id), 'ANOTHER_MILESTONE_IN_PROGRESS')
    expectError(fund(makeContract({ milestones: [next, later] }), later.id), 'NOT_NEXT_MILESTONE')
  })
})

describe('fundMilestone with a pending change request (R8)', () => {
  const setup = (proposal: (c: Contract) => ReturnType<typeof planOf>) => {
    const contract = makeContract({ milestones: [makeMilestone({ title: 'A' }), makeMilestone({ title: 'B' })] })
    return expectOk(proposeChanges(contract, EXPERT, { baseVersion: 3, milestones: proposal(contract), message: '' }, makeCtx(NOW, 'req'))).contract
  }

  it.each([
    ['edits it', (c: Contract) => [{ ...planOf(c)[0]!, amountCents: usd(900) }, planOf(c)[1]!]],
    ['deletes it', (c: Contract) => [planOf(c)[1]!]],
    ['moves it', (c: Contract) => [planOf(c)[1]!, planOf(c)[0]!]],
    ['adds before it', (c: Contract) => [entry(), ...planOf(c)]],
    ['removes everything', () => []],
  ])('refuses to fund the next milestone when the request %s', (_name, proposal) => {
    const contract = setup(proposal)
    expectError(fund(contract), 'CHANGE_REQUEST_PENDING')
    expect(isTouchedByRequest(contract.changeRequest, contract.milestones[0]!)).toBe(true)
  })

  it('funds an untouched milestone and rebases the request onto the new version', () => {
    const contract = setup((c) => [planOf(c)[0]!, { ...planOf(c)[1]!, title: 'B2' }])
    const out = expectOk(fund(contract))
    expect(out.contract.changeRequest).toMatchObject({ id: 'req-1', baseVersion: 4 })
    expect(out.contract.changeRequest?.milestones.map((m) => m.title)).toEqual(['B2'])
    // The rebased request still applies cleanly.
    const accepted = expectOk(acceptChanges(out.contract, CLIENT, { requestId: 'req-1' }, makeCtx()))
    expect(accepted.contract.milestones.map((m) => [m.title, m.state])).toEqual([
      ['A', 'FUNDED'],
      ['B2', 'UPCOMING'],
    ])
  })

  it('isTouchedByRequest is false without a request', () => {
    expect(isTouchedByRequest(null, makeMilestone())).toBe(false)
  })
})

describe('escrow view', () => {
  it('shows deposited, released, refunded, held and balance', () => {
    const contract = makeContract({ milestones: [makeReleased({ amountCents: usd(1_000), releasedCents: usd(400) }), makeFunded({ amountCents: usd(500) })] })
    expect(escrowView(contract)).toEqual({ depositedCents: 1_500, releasedCents: 400, refundedCents: 0, heldCents: 1_100, balanceCents: 600 })
  })
})
