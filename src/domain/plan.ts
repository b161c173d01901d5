import { isPastDay, isValidIsoDate } from './dates'
import { fail, ok, type Result } from './errors'
import { MAX_MILESTONE_CENTS, MIN_MILESTONE_CENTS, isCents, type Cents } from './money'
import { diffPlan, type IdentifiedEntry, type PlanChange } from './plan-diff'
import type { Context, Contract, IsoDate, Milestone, PlanEntry } from './types'

/** A plan longer than this is a mistake or abuse; it also bounds the work of one save. */
export const MAX_UPCOMING_MILESTONES = 500
/** Titles show in lists and email subjects; 200 characters fits both. */
export const MAX_TITLE_LENGTH = 200
/** Room for a real scope description without turning the plan into a document store. */
export const MAX_DESCRIPTION_LENGTH = 5000

// Characters as a person counts them (code points), not UTF-16 units, so an emoji counts once.
const lengthOf = (text: string) => [...text].length

/** The plan rules' own words (R1, R10): the API's error messages and the editor's inline ones. */
export const PLAN_RULE_MESSAGES = {
  AMOUNT_BELOW_MINIMUM: 'A milestone is at least $5.00.',
  AMOUNT_ABOVE_MAXIMUM: 'A milestone is at most $1,000,000.00.',
  DUE_DATE_IN_PAST: 'A due date cannot be in the past.',
} as const

/** The upcoming milestones, in plan order, as plan entries with their ids. */
export function upcomingEntries(contract: Contract): IdentifiedEntry[] {
  return contract.milestones
    .filter((m) => m.state === 'UPCOMING')
    .map((m) => ({ id: m.id, title: m.title, description: m.description, amountCents: m.amountCents, dueDate: m.dueDate }))
}

/** The locked milestones (funded, submitted, released, refunded): the fixed head of the plan (R5). */
export function lockedMilestones(contract: Contract): Milestone[] {
  return contract.milestones.filter((m) => m.state !== 'UPCOMING')
}

/** A validated plan entry: title trimmed, description and due date filled in. */
export type NormalizedEntry = PlanEntry & { readonly description: string; readonly dueDate: IsoDate | null }

type EntryCheck = { readonly byId: ReadonlyMap<string, Milestone>; readonly seen: Set<string>; readonly now: Date }

function validateEntry(raw: unknown, index: number, check: EntryCheck): Result<NormalizedEntry> {
  const at = (field: string, extra?: object) => ({ index, field, ...extra })
  if (typeof raw !== 'object' || raw === null) return fail('VALIDATION_FAILED', `Milestone ${index + 1} is not a milestone.`, at('entry'))
  const entry = raw as Record<string, unknown>
  const id = entry.id
  if (id !== undefined && typeof id !== 'string') return fail('VALIDATION_FAILED', 'A milestone id must be text.', at('id'))
  const existing = id === undefined ? undefined : check.byId.get(id)
  if (id !== undefined) {
    if (check.seen.has(id)) return fail('VALIDATION_FAILED', 'The same milestone appears twice in the plan.', at('id', { id }))
    check.seen.add(id)
    if (!existing) return fail('VALIDATION_FAILED', `Unknown milestone ${id}.`, at('id', { id }))
    if (existing.state !== 'UPCOMING') {
      return fail('MILESTONE_LOCKED', `“${existing.title}” is funded or paid and cannot be changed.`, at('id', { id }))
    }
  }
  const title = typeof entry.title === 'string' ? entry.title.trim() : ''
  if (title === '') return fail('VALIDATION_FAILED', 'Every milestone needs a title.', at('title'))
  if (lengthOf(title) > MAX_TITLE_LENGTH) return fail('VALIDATION_FAILED', `Titles have at most ${MAX_TITLE_LENGTH} characters.`, at('title'))
  const description = entry.description ?? ''
  if (typeof description !== 'string') return fail('VALIDATION_FAILED', 'A description must be text.', at('description'))
  if (lengthOf(description) > MAX_DESCRIPTION_LENGTH) {
    return fail('VALIDATION_FAILED', `Descriptions have at most ${MAX_DESCRIPTION_LENGTH} characters.`, at('description'))
  }
  const amount = entry.amountCents
  if (!isCents(amount) || amount < 0) return fail('VALIDATION_FAILED', 'An amount must be a whole number of cents, not negative.', at('amountCents'))
  if (amount < MIN_MILESTONE_CENTS) return fail('AMOUNT_BELOW_MINIMUM', PLAN_RULE_MESSAGES.AMOUNT_BELOW_MINIMUM, at('amountCents'))
  if (amount > MAX_MILESTONE_CENTS) return fail('AMOUNT_ABOVE_MAXIMUM', PLAN_RULE_MESSAGES.AMOUNT_ABOVE_MAXIMUM, at('amountCents'))
  const dueDate = entry.dueDate ?? null
  if (dueDate !== null && !isValidIsoDate(dueDate)) return fail('VALIDATION_FAILED', 'A due date is a day written YYYY-MM-DD.', at('dueDate'))
  // A due date that has passed since it was set may stay; only a new or changed one must be ahead (R10).
  if (dueDate !== null && dueDate !== existing?.dueDate && isPastDay(dueDate, check.now)) {
    return fail('DUE_DATE_IN_PAST', PLAN_RULE_MESSAGES.DUE_DATE_IN_PAST, at('dueDate'))
  }
  const normalized = { title, description, amountCents: amount as Cents, dueDate }
  return ok(id === undefined ? normalized : { id, ...normalized })
}

/**
 * Checks a plan input (the whole upcoming plan, in order) against the contract's milestones and
 * returns it normalized: titles trimmed, missing description '' and due date null. The first
 * broken rule wins, with `details` naming the entry index and field.
 */
export function validatePlan(milestones: readonly Milestone[], entries: unknown, now: Date): Result<NormalizedEntry[]> {
  if (!Array.isArray(entries)) return fail('VALIDATION_FAILED', 'The plan must be a list of milestones.', { field: 'milestones' })
  if (entries.length > MAX_UPCOMING_MILESTONES) {
    return fail('VALIDATION_FAILED', `A plan has at most ${MAX_UPCOMING_MILESTONES} upcoming milestones.`, { field: 'milestones' })
  }
  const check: EntryCheck = { byId: new Map(milestones.map((m) => [m.id, m])), seen: new Set(), now }
  const normalized: NormalizedEntry[] = []
  for (const [index, raw] of (entries as unknown[]).entries()) {
    const entry = validateEntry(raw, index, check)
    if (!entry.ok) return entry
    normalized.push(entry.value)
  }
  return ok(normalized)
}

export type AppliedPlan = {
  /** The contract's new milestone list: the locked head unchanged, then the new upcoming plan. */
  readonly milestones: Milestone[]
  /** What changed in the upcoming plan; empty when the input matches it. */
  readonly changes: PlanChange[]
  /** The normalized input. */
  readonly entries: NormalizedEntry[]
}

/**
 * Validates `entries` and builds the milestone list they describe (R5): locked milestones stay at
 * the head in their order, entries with an id edit that upcoming milestone, entries without one
 * become new milestones with ids from `ctx.newId`, and upcoming milestones left out are deleted.
 */
export function applyPlan(contract: Contract, entries: unknown, ctx: Context): Result<AppliedPlan> {
  const valid = validatePlan(contract.milestones, entries, ctx.now)
  if (!valid.ok) return valid
  const byId = new Map(contract.milestones.map((m) => [m.id, m]))
  const upcoming = valid.value.map((entry): Milestone => {
    const fields = { title: entry.title, description: entry.description, amountCents: entry.amountCents, dueDate: entry.dueDate }
    const existing = entry.id === undefined ? undefined : byId.get(entry.id)
    if (existing) return { ...existing, ...fields }
    return { id: ctx.newId(), ...fields, state: 'UPCOMING', fundedCents: 0 as Cents, releasedCents: 0 as Cents, fundedAt: null, submittedAt: null, releasedAt: null, submission: null, extensionRequest: null }
  })
  return ok({
    milestones: [...lockedMilestones(contract), ...upcoming],
    changes: diffPlan(upcomingEntries(contract), valid.value),
    entries: valid.value,
  })
}
