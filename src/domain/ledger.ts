import { heldCents, isInProgress } from './escrow'
import { sumCents, type Cents } from './money'
import type { Contract, LedgerEntry, LedgerKind } from './types'

/** One broken conservation rule, named so an alert or a failing test says which. */
export type Violation = { readonly rule: string; readonly expected?: number; readonly actual?: number; readonly milestoneId?: string }

const total = (entries: readonly LedgerEntry[], kind: LedgerKind): Cents => sumCents(entries.filter((e) => e.kind === kind).map((e) => e.amountCents))

/**
 * R14: checks a contract's escrow totals against its whole ledger. Empty when money is conserved:
 * deposits = released + refunded + held, nothing negative, the balance inside what is held, and
 * no milestone paid more than it was funded with.
 */
export function checkConservation(contract: Contract, entries: readonly LedgerEntry[]): Violation[] {
  const violations: Violation[] = []
  const { depositedCents, releasedCents, refundedCents, balanceCents } = contract.escrow
  const expectSame = (rule: string, expected: number, actual: number) => {
    if (expected !== actual) violations.push({ rule, expected, actual })
  }
  expectSame('ledger deposits = escrow deposited', depositedCents, total(entries, 'DEPOSIT'))
  expectSame('ledger releases = escrow released', releasedCents, total(entries, 'RELEASE'))
  expectSame('ledger refunds = escrow refunded', refundedCents, total(entries, 'REFUND'))
  const held = heldCents(contract.escrow)
  if (held < 0) violations.push({ rule: 'held ≥ 0', actual: held })
  if (balanceCents < 0) violations.push({ rule: 'balance ≥ 0', actual: balanceCents })
  if (balanceCents > held) violations.push({ rule: 'balance ≤ held', expected: held, actual: balanceCents })
  // What escrow holds is exactly the balance plus what the milestone in progress was funded with.
  const inProgress = sumCents(contract.milestones.filter(isInProgress).map((m) => m.fundedCents))
  expectSame('held = balance + funded in progress', held, balanceCents + inProgress)
  for (const m of contract.milestones) {
    if (m.releasedCents > m.fundedCents) violations.push({ rule: 'milestone released ≤ funded', expected: m.fundedCents, actual: m.releasedCents, milestoneId: m.id })
  }
  for (const e of entries) {
    if (!Number.isSafeInteger(e.amountCents) || e.amountCents <= 0) violations.push({ rule: 'ledger entry > 0', actual: e.amountCents })
  }
  return violations
}
