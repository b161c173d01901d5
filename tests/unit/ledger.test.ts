import { describe, expect, it } from 'vitest'
import { checkConservation } from '../../src/domain/ledger'
import type { LedgerEntry } from '../../src/domain/types'
import { makeContract, makeFunded, makeReleased, usd } from './builders'

const deposit = (n: number): LedgerEntry => ({ kind: 'DEPOSIT', amountCents: usd(n), milestoneId: null })
const release = (n: number): LedgerEntry => ({ kind: 'RELEASE', amountCents: usd(n), milestoneId: null })
const refund = (n: number): LedgerEntry => ({ kind: 'REFUND', amountCents: usd(n), milestoneId: null })
const escrow = (deposited: number, released: number, refunded: number, balance: number) => ({
  depositedCents: usd(deposited),
  releasedCents: usd(released),
  refundedCents: usd(refunded),
  balanceCents: usd(balance),
})
const rules = (v: { rule: string }[]) => v.map((x) => x.rule)

describe('checkConservation (R14)', () => {
  it('is empty when escrow agrees with the ledger', () => {
    const contract = makeContract({ milestones: [makeReleased({ amountCents: usd(1_000), releasedCents: usd(400) }), makeFunded({ amountCents: usd(500) })] })
    expect(contract.escrow).toEqual(escrow(1_500, 400, 0, 600))
    expect(checkConservation(contract, [deposit(1_000), release(400), deposit(500)])).toEqual([])
    expect(checkConservation(makeContract({ milestones: [] }), [])).toEqual([])
  })

  it('names a ledger that disagrees with the escrow totals', () => {
    const contract = makeContract({ milestones: [], escrow: escrow(1_000, 300, 200, 500) })
    expect(rules(checkConservation(contract, [deposit(1_000), release(300), refund(200)]))).toEqual([])
    expect(rules(checkConservation(contract, [deposit(900), release(300), refund(200)]))).toEqual(['ledger deposits = escrow deposited'])
    expect(rules(checkConservation(contract, [deposit(1_000), release(301), refund(200)]))).toEqual(['ledger releases = escrow released'])
    expect(rules(checkConservation(contract, [deposit(1_000), release(300)]))).toEqual(['ledger refunds = escrow refunded'])
  })

  it('names negative held, negative balance, balance above held and unexplained held money', () => {
    const ledger = (e: ReturnType<typeof escrow>) => [deposit(e.depositedCents), release(e.releasedCents), refund(e.refundedCents)].filter((x) => x.amountCents > 0)
    const check = (e: ReturnType<typeof escrow>) => rules(checkConservation(makeContract({ milestones: [], escrow: e }), ledger(e)))
    expect(check(escrow(100, 200, 0, 0))).toEqual(['held ≥ 0', 'balance ≤ held', 'held = balance + funded in progress'])
    expect(check(escrow(100, 0, 0, -1))).toEqual(['balance ≥ 0', 'held = balance + funded in progress'])
    expect(check(escrow(100, 0, 0, 101))).toEqual(['balance ≤ held', 'held = balance + funded in progress'])
    expect(check(escrow(100, 0, 0, 50))).toEqual(['held = balance + funded in progress'])
  })

  it('names a milestone paid more than it was funded with, and zero or negative entries', () => {
    const over = makeReleased({ amountCents: usd(500), fundedCents: usd(500), releasedCents: usd(501) })
    const contract = makeContract({ milestones: [over], escrow: escrow(500, 501, 0, 0) })
    expect(rules(checkConservation(contract, [deposit(500), release(501)]))).toContain('milestone released ≤ funded')
    const empty = makeContract({ milestones: [] })
    expect(rules(checkConservation(empty, [deposit(0)]))).toEqual(['ledger entry > 0'])
    expect(rules(checkConservation(empty, [deposit(5), deposit(-5)]))).toEqual(['ledger entry > 0'])
  })
})
