import type { Cents } from './money'
import { longestIncreasingSubsequence } from './sequence'
import type { IsoDate, PlanEntry } from './types'

/** The editable fields of an upcoming milestone, with the optional ones filled in. */
export type PlanFields = {
  readonly title: string
  readonly description: string
  readonly amountCents: Cents
  readonly dueDate: IsoDate | null
}

/** An upcoming milestone as the diff sees it: its id and its editable fields. */
export type IdentifiedEntry = PlanEntry & { readonly id: string }

// A before entry without an id (never the case for saved milestones) still needs a key that
// diffPlan and applyPlanDiff agree on; no generated id starts with '#'.
const keyOf = (entry: PlanEntry, index: number): string => entry.id ?? `#${index}`

export type FieldChange =
  | { readonly field: 'title' | 'description'; readonly from: string; readonly to: string }
  | { readonly field: 'amountCents'; readonly from: Cents; readonly to: Cents }
  | { readonly field: 'dueDate'; readonly from: IsoDate | null; readonly to: IsoDate | null }

/**
 * One difference between two upcoming plans. `from`/`to` are 0-based indices into the before and
 * after upcoming lists; `title` is the milestone's title after the change (before, for REMOVED).
 * Plain JSON, so it can travel in events, emails and API answers unchanged.
 */
export type PlanChange =
  | { readonly kind: 'ADDED'; readonly to: number; readonly entry: PlanFields }
  | { readonly kind: 'REMOVED'; readonly id: string; readonly title: string; readonly from: number }
  | { readonly kind: 'MOVED'; readonly id: string; readonly title: string; readonly from: number; readonly to: number }
  | { readonly kind: 'EDITED'; readonly id: string; readonly title: string; readonly fields: readonly FieldChange[] }

/** The entry's editable fields, with a missing description as '' and a missing due date as null. */
export function fieldsOf(entry: PlanEntry): PlanFields {
  return { title: entry.title, description: entry.description ?? '', amountCents: entry.amountCents, dueDate: entry.dueDate ?? null }
}

function fieldChanges(before: PlanFields, after: PlanFields): FieldChange[] {
  const changes: FieldChange[] = []
  if (before.title !== after.title) changes.push({ field: 'title', from: before.title, to: after.title })
  if (before.description !== after.description) changes.push({ field: 'description', from: before.description, to: after.description })
  if (before.amountCents !== after.amountCents) changes.push({ field: 'amountCents', from: before.amountCents, to: after.amountCents })
  if (before.dueDate !== after.dueDate) changes.push({ field: 'dueDate', from: before.dueDate, to: after.dueDate })
  return changes
}

/**
 * What turns the upcoming plan `before` into `after`. An `after` entry whose id is in `before`
 * keeps that milestone; any other entry is an addition. Only kept milestones outside a longest
 * increasing subsequence of their old order count as MOVED, so deleting the first milestone moves
 * nothing. The Show changes preview, the change-request review and the emails all use this.
 */
export function diffPlan(before: readonly PlanEntry[], after: readonly PlanEntry[]): PlanChange[] {
  const beforeIndex = new Map<string, number>()
  before.forEach((entry, i) => {
    if (!beforeIndex.has(keyOf(entry, i))) beforeIndex.set(keyOf(entry, i), i)
  })
  // Which after positions keep a before milestone (each id counts once), and its old index.
  const kept = new Map<number, number>()
  const keptIds = new Set<string>()
  after.forEach((entry, i) => {
    const id = entry.id
    if (id === undefined) return
    const from = beforeIndex.get(id)
    if (from === undefined || keptIds.has(id)) return
    keptIds.add(id)
    kept.set(i, from)
  })
  const keptPositions = [...kept.keys()]
  const staying = new Set(longestIncreasingSubsequence([...kept.values()]).map((k) => keptPositions[k]))

  const changes: PlanChange[] = []
  before.forEach((entry, from) => {
    const id = keyOf(entry, from)
    if (!keptIds.has(id) && beforeIndex.get(id) === from) changes.push({ kind: 'REMOVED', id, title: entry.title, from })
  })
  after.forEach((entry, to) => {
    const from = kept.get(to)
    if (from === undefined) {
      changes.push({ kind: 'ADDED', to, entry: fieldsOf(entry) })
      return
    }
    const old = before[from]!
    const id = keyOf(old, from)
    if (!staying.has(to)) changes.push({ kind: 'MOVED', id, title: entry.title, from, to })
    const fields = fieldChanges(fieldsOf(old), fieldsOf(entry))
    if (fields.length > 0) changes.push({ kind: 'EDITED', id, title: entry.title, fields })
  })
  return changes
}

function withEdits(entry: PlanEntry, fields: readonly FieldChange[]): PlanEntry {
  const result: { -readonly [K in keyof PlanFields]: PlanFields[K] } = fieldsOf(entry)
  for (const change of fields) {
    if (change.field === 'amountCents') result.amountCents = change.to
    else if (change.field === 'dueDate') result.dueDate = change.to
    else result[change.field] = change.to
  }
  return entry.id === undefined ? result : { id: entry.id, ...result }
}

/**
 * Replays `changes` on `before`: the inverse of `diffPlan`, so `applyPlanDiff(a, diffPlan(a, b))`
 * is `b` (added entries come back without ids). ADDED and MOVED entries take their `to` slots; the
 * remaining slots are filled by the unmoved milestones in their old order.
 */
export function applyPlanDiff(before: readonly PlanEntry[], changes: readonly PlanChange[]): PlanEntry[] {
  const removed = new Set<string>()
  const moved = new Map<string, number>()
  const edits = new Map<string, readonly FieldChange[]>()
  const slots: (PlanEntry | undefined)[] = []
  for (const change of changes) {
    if (change.kind === 'REMOVED') removed.add(change.id)
    else if (change.kind === 'MOVED') moved.set(change.id, change.to)
    else if (change.kind === 'EDITED') edits.set(change.id, change.fields)
    else slots[change.to] = { ...change.entry }
  }
  const stayers: PlanEntry[] = []
  for (const [index, entry] of before.entries()) {
    const id = keyOf(entry, index)
    if (removed.has(id)) continue
    const edited = withEdits(entry, edits.get(id) ?? [])
    const to = moved.get(id)
    if (to === undefined) stayers.push(edited)
    else slots[to] = edited
  }
  // Changes made against another plan may leave gaps or point past the end; nothing is dropped.
  const total = stayers.length + slots.filter((slot) => slot !== undefined).length
  const result: PlanEntry[] = []
  let next = 0
  for (let i = 0; result.length < total; i += 1) {
    const entry = slots[i] ?? stayers[next++]
    if (entry) result.push(entry)
  }
  return result
}

// The plain-English rendering lives beside the diff's consumers but is re-exported here, so one
// import serves the preview, the review page and the emails.
export { describeChange, describeChangeLines, describeChanges } from './describe-change'
