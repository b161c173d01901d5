import { expect } from 'vitest'
import type { DomainErrorCode, Result } from '../../src/domain/errors'
import type { Outcome } from '../../src/domain/events'
import type { Cents } from '../../src/domain/money'
import type { Actor, Context, Contract, LedgerEntry, Milestone, PlanEntry } from '../../src/domain/types'

/** Fixture builders with override objects (rallly's makeMember style). */

export const CLIENT: Actor = { userId: 'user-client' }
export const EXPERT: Actor = { userId: 'user-expert' }
export const OUTSIDER: Actor = { userId: 'user-outsider' }

/** Mid-afternoon UTC on 15 June 2026: the Anywhere-on-Earth day is also 2026-06-15. */
export const NOW = new Date('2026-06-15T15:00:00.000Z')
export const TODAY = '2026-06-15'

export const usd = (n: number) => n as Cents

/** A fixed clock and a counter for ids ("id-1", "id-2", …), so outcomes are reproducible. */
export function makeCtx(now: Date = NOW, prefix = 'id'): Context {
  let counter = 0
  return { now, newId: () => `${prefix}-${++counter}` }
}

let milestoneCounter = 0

export function makeMilestone(overrides: Partial<Milestone> = {}): Milestone {
  milestoneCounter += 1
  return {
    id: `m-${milestoneCounter}`,
    title: `Milestone ${milestoneCounter}`,
    description: '',
    amountCents: usd(10_000),
    dueDate: null,
    state: 'UPCOMING',
    fundedCents: usd(0),
    releasedCents: usd(0),
    fundedAt: null,
    submittedAt: null,
    releasedAt: null,
    submission: null,
    extensionRequest: null,
    ...overrides,
  }
}

/** A funded milestone; pair it with escrow that holds its amount (see `makeContract`). */
export function makeFunded(overrides: Partial<Milestone> = {}): Milestone {
  const amount = overrides.amountCents ?? usd(10_000)
  return makeMilestone({ state: 'FUNDED', amountCents: amount, fundedCents: amount, fundedAt: NOW, ...overrides })
}

export function makeReleased(overrides: Partial<Milestone> = {}): Milestone {
  const amount = overrides.amountCents ?? usd(10_000)
  return makeMilestone({
    state: 'RELEASED',
    amountCents: amount,
    fundedCents: amount,
    releasedCents: amount,
    fundedAt: NOW,
    releasedAt: NOW,
    ...overrides,
  })
}

/**
 * An open contract between CLIENT and EXPERT. Unless `escrow` is given, escrow holds exactly
 * what the milestones were funded with minus what was released, which keeps R14 true.
 */
export function makeContract(overrides: Partial<Contract> = {}): Contract {
  const milestones = overrides.milestones ?? [makeMilestone(), makeMilestone()]
  const funded = milestones.reduce((sum, m) => sum + m.fundedCents, 0)
  const released = milestones.reduce((sum, m) => sum + m.releasedCents, 0)
  return {
    id: 'contract-1',
    title: 'Website redesign',
    status: 'OPEN',
    reviewDays: 14,
    requestDays: 7,
    clientId: CLIENT.userId,
    expertId: EXPERT.userId,
    planVersion: 3,
    milestones,
    escrow: {
      depositedCents: usd(funded),
      releasedCents: usd(released),
      refundedCents: usd(0),
      balanceCents: usd(milestones.filter((m) => m.state === 'RELEASED').reduce((s, m) => s + m.fundedCents - m.releasedCents, 0)),
    },
    changeRequest: null,
    closeProposal: null,
    dispute: null,
    reviews: [],
    createdAt: NOW,
    closedAt: null,
    ...overrides,
  }
}

/** The upcoming part of the plan as a plan input, ready to edit. */
export function planOf(contract: Contract): PlanEntry[] {
  return contract.milestones
    .filter((m) => m.state === 'UPCOMING')
    .map((m) => ({ id: m.id, title: m.title, description: m.description, amountCents: m.amountCents, dueDate: m.dueDate }))
}

export function entry(overrides: Partial<PlanEntry> = {}): PlanEntry {
  return { title: 'New work', amountCents: usd(5_000), ...overrides }
}

/** The outcome of a command that must succeed. */
export function expectOk(result: Result<Outcome>): Outcome {
  if (!result.ok) expect.fail(`expected success, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

/** The error of a command that must fail with `code`. */
export function expectError<T>(result: Result<T>, code: DomainErrorCode) {
  if (result.ok) expect.fail(`expected ${code}, but the command succeeded`)
  expect(result.error.code).toBe(code)
  return result.error
}

/** A contract with $100.00 funded on the milestone in progress and $30.00 of balance: $130.00 held. */
export function holding(state: 'FUNDED' | 'SUBMITTED' = 'FUNDED'): { contract: Contract; ledger: LedgerEntry[] } {
  const paid = makeReleased({ amountCents: usd(5_000), releasedCents: usd(2_000) })
  const doing = makeFunded({ amountCents: usd(10_000), state })
  const contract = makeContract({
    milestones: [paid, doing, makeMilestone()],
    escrow: { depositedCents: usd(15_000), releasedCents: usd(2_000), refundedCents: usd(0), balanceCents: usd(3_000) },
  })
  return {
    contract,
    ledger: [
      { kind: 'DEPOSIT', amountCents: usd(5_000), milestoneId: paid.id },
      { kind: 'RELEASE', amountCents: usd(2_000), milestoneId: paid.id },
      { kind: 'DEPOSIT', amountCents: usd(10_000), milestoneId: doing.id },
    ],
  }
}
