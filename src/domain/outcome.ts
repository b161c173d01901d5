import type { DomainEvent, Outcome, Timer } from './events'
import type { Contract, LedgerEntry } from './types'

/** A successful command's result; most commands move no money, so the ledger defaults to none. */
export function outcome(contract: Contract, events: readonly DomainEvent[], ledger: readonly LedgerEntry[] = [], timers: readonly Timer[] = []): Outcome {
  // Zero-amount entries carry no information and would break R14's "no zero entry".
  return { contract, events, ledger: ledger.filter((e) => e.amountCents > 0), timers }
}
