import type { IsoDate, PlanEntry } from '../../src/domain/types'
import { guard, upcoming, type Expectation, type Model, type ModelMilestone, type Who } from './model-reference'

/**
 * The plan commands of the reference model (save, propose, accept, accept modified), restated
 * from PRODUCT.md like the rest of model-reference.ts: what each one answers, and the plan it
 * leaves behind. The model decides the exact error code; the order in which one entry's rules are
 * checked (id, title, amount, due date, first broken entry wins) is the API's documented order.
 */

// R1: every milestone amount is $5.00 to $1,000,000.00.
const MIN_AMOUNT = 500
const MAX_AMOUNT = 100_000_000
// A plan longer than this is refused as malformed input.
const MAX_ENTRIES = 500

/** The calendar day still running somewhere on Earth (UTC−12): a due date before it has passed (R10). */
export const dayStillRunning = (now: Date): IsoDate => new Date(now.getTime() - 12 * 3_600_000).toISOString().slice(0, 10)

/** What a plan input's own values answer against the model's milestones: OK or the first broken rule. */
export function checkPlan(m: Model, plan: readonly PlanEntry[], now: Date): Expectation {
  if (plan.length > MAX_ENTRIES) return 'VALIDATION_FAILED'
  const seen = new Set<string>()
  for (const entry of plan) {
    const existing = entry.id === undefined ? undefined : m.milestones.find((x) => x.id === entry.id)
    if (entry.id !== undefined) {
      // The same milestone twice, or one the contract does not have, is malformed input.
      if (seen.has(entry.id) || !existing) return 'VALIDATION_FAILED'
      seen.add(entry.id)
      // R5: funded and paid milestones are not part of the editable plan.
      if (existing.state !== 'UPCOMING') return 'MILESTONE_LOCKED'
    }
    if (entry.title.trim() === '') return 'VALIDATION_FAILED'
    if (!Number.isSafeInteger(entry.amountCents) || entry.amountCents < 0) return 'VALIDATION_FAILED'
    if (entry.amountCents < MIN_AMOUNT) return 'AMOUNT_BELOW_MINIMUM'
    if (entry.amountCents > MAX_AMOUNT) return 'AMOUNT_ABOVE_MAXIMUM'
    // R10: a new or changed due date cannot be a day that has passed; an unchanged one may stay.
    const due = entry.dueDate ?? null
    if (due !== null && due !== existing?.dueDate && due < dayStillRunning(now)) return 'DUE_DATE_IN_PAST'
  }
  return 'OK'
}

/** The upcoming milestones a valid plan input leaves: in its order, new ones without an id yet. */
export function plannedMilestones(plan: readonly PlanEntry[]): (Omit<ModelMilestone, 'id'> & { id: string | undefined })[] {
  return plan.map((p) => ({
    id: p.id,
    state: 'UPCOMING',
    title: p.title.trim(),
    description: p.description ?? '',
    amount: p.amountCents,
    dueDate: p.dueDate ?? null,
    funded: 0,
    released: 0,
    reviewEnds: null,
    extended: 0,
    ext: null,
  }))
}

/** The plan input as a request keeps it: titles trimmed, description and due date filled in. */
export function normalizePlan(plan: readonly PlanEntry[]): PlanEntry[] {
  return plan.map((p) => ({ ...(p.id === undefined ? {} : { id: p.id }), title: p.title.trim(), description: p.description ?? '', amountCents: p.amountCents, dueDate: p.dueDate ?? null }))
}

/** Whether the plan input is the current upcoming plan exactly: same milestones, order and fields, nothing added. */
export function isCurrentPlan(m: Model, plan: readonly PlanEntry[]): boolean {
  const current = upcoming(m)
  const next = plannedMilestones(plan)
  const same = (a: (typeof next)[number], b: ModelMilestone) =>
    a.id === b.id && a.title === b.title && a.description === b.description && a.amount === b.amount && a.dueDate === b.dueDate
  return next.length === current.length && next.every((x, i) => same(x, current[i]!))
}

/** R5, R7, R9, R10: the client saves the upcoming plan. */
export function expectSave(m: Model, who: Who, base: number, plan: readonly PlanEntry[], now: Date): Expectation {
  const g = guard(m, who, 'CLIENT')
  if (g) return g
  if (m.request) return 'CHANGE_REQUEST_PENDING'
  if (base !== m.version) return 'STALE_PLAN_VERSION'
  return checkPlan(m, plan, now)
}

/** R8: the expert proposes a plan; one that changes nothing is not a proposal. */
export function expectPropose(m: Model, who: Who, base: number, plan: readonly PlanEntry[], now: Date): Expectation {
  const g = guard(m, who, 'EXPERT')
  if (g) return g
  if (m.request) return 'CHANGE_REQUEST_PENDING'
  if (base !== m.version) return 'STALE_PLAN_VERSION'
  const verdict = checkPlan(m, plan, now)
  if (verdict !== 'OK') return verdict
  return isCurrentPlan(m, plan) ? 'VALIDATION_FAILED' : 'OK'
}

/** R8, R9: the client accepts the pending request, as proposed or as `modified`; checked again in full, now. */
export function expectAccept(m: Model, who: Who, requestId: string, modified: readonly PlanEntry[] | undefined, now: Date): Expectation {
  const g = guard(m, who, 'CLIENT')
  if (g) return g
  if (m.request?.id !== requestId) return 'NO_PENDING_CHANGE_REQUEST'
  if (m.request.base !== m.version) return 'STALE_PLAN_VERSION'
  return checkPlan(m, modified ?? m.request.plan, now)
}

/**
 * Applies a plan the model accepted: locked milestones stay at the head, the plan follows in its
 * order, and the version moves on only when something changed. `idsOfNew` names the milestones
 * the contract created for entries without an id, in order (ids are the contract's to choose).
 */
export function applyPlan(m: Model, plan: readonly PlanEntry[], idsOfNew: readonly string[]): void {
  const changed = !isCurrentPlan(m, plan)
  const fresh = [...idsOfNew]
  const next = plannedMilestones(plan).map((x): ModelMilestone => ({ ...x, id: x.id ?? fresh.shift()! }))
  m.milestones = [...m.milestones.filter((x) => x.state !== 'UPCOMING'), ...next]
  if (changed) m.version += 1
}
