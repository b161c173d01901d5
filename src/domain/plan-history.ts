import type { DomainEvent } from './events'
import type { Cents } from './money'
import { diffPlan, type PlanChange } from './plan-diff'
import type { Contract, IsoDate, MilestoneState, PlanEntry } from './types'

/** Why a plan version came to be (R20). RECORDED: the version a contract had when history began. */
export type PlanVersionReason = 'CREATED' | 'SAVED' | 'REQUEST_ACCEPTED' | 'COUNTER_ACCEPTED' | 'MILESTONE_FUNDED' | 'RECORDED'

/** One milestone of a kept plan version: the plan fields and the lock state (R5) at that version. */
export type PlanSnapshotEntry = {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly amountCents: number
  readonly dueDate: IsoDate | null
  readonly state: MilestoneState
}

export type PlanVersionRecord = { readonly version: number; readonly reason: PlanVersionReason; readonly milestones: PlanSnapshotEntry[] }

/** The whole plan in order, as a version keeps it. */
export function snapshotPlan(contract: Contract): PlanSnapshotEntry[] {
  return contract.milestones.map((m) => ({ id: m.id, title: m.title, description: m.description, amountCents: m.amountCents, dueDate: m.dueDate, state: m.state }))
}

function reasonOf(before: Contract, events: readonly DomainEvent[]): PlanVersionReason | null {
  for (const event of events) {
    if (event.type === 'PLAN_SAVED') return 'SAVED'
    if (event.type === 'MILESTONE_FUNDED') return 'MILESTONE_FUNDED'
    // A counter is any proposal that answered an earlier one (R18).
    if (event.type === 'CHANGE_REQUEST_ACCEPTED') return (before.changeRequest?.rounds.length ?? 0) > 0 ? 'COUNTER_ACCEPTED' : 'REQUEST_ACCEPTED'
  }
  return null
}

/**
 * The plan version a command made, if it made one (R20): a new contract's version 1, or the
 * version a save, an accepted request or counter, or a funding (which locks a milestone) moved to.
 * A command that moves the version for another reason is a bug this refuses loudly.
 */
export function planVersionMade(before: Contract | null, after: Contract, events: readonly DomainEvent[]): PlanVersionRecord | null {
  if (before && before.planVersion === after.planVersion) return null
  const reason = before ? reasonOf(before, events) : 'CREATED'
  if (!reason) throw new Error(`plan version ${after.planVersion} made by ${events.map((e) => e.type).join(', ') || 'no event'}`)
  return { version: after.planVersion, reason, milestones: snapshotPlan(after) }
}

/** A milestone whose lock state differs between two versions (funded, paid or refunded meanwhile). */
export type StateChange = { readonly id: string; readonly title: string; readonly from: MilestoneState; readonly to: MilestoneState }

/**
 * What turns one kept plan into another (R20): the Show changes diff over the whole plan (locked
 * milestones included, so positions read as the workspace shows them), and the milestones whose
 * state moved, which a plan diff does not describe.
 */
export function comparePlanSnapshots(before: readonly PlanSnapshotEntry[], after: readonly PlanSnapshotEntry[]): { changes: PlanChange[]; states: StateChange[] } {
  const old = new Map(before.map((m) => [m.id, m]))
  const states = after.flatMap((m) => {
    const was = old.get(m.id)
    return was && was.state !== m.state ? [{ id: m.id, title: m.title, from: was.state, to: m.state }] : []
  })
  return { changes: diffPlan(before.map(asEntry), after.map(asEntry)), states }
}

const asEntry = (m: PlanSnapshotEntry): PlanEntry => ({ id: m.id, title: m.title, description: m.description, amountCents: m.amountCents as Cents, dueDate: m.dueDate })
