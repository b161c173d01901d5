import { diffPlan, fieldsOf, type PlanChange } from '@/domain/plan-diff'
import type { PlanEntry } from '@/domain/types'

/**
 * Redoes the user's edits (from `oldSaved` to `draft`) on a plan someone else has saved since
 * (`newSaved`), for a save refused as stale (R9): their changes stay, the user's edits, removals,
 * additions and order are applied on top, and edits to milestones that are gone (funded or
 * deleted meanwhile) are dropped. The result is a draft to review and save again, never sent as is.
 */
export function rebaseDraft(oldSaved: readonly PlanEntry[], draft: readonly PlanEntry[], newSaved: readonly PlanEntry[]): PlanEntry[] {
  const mine: PlanChange[] = diffPlan(oldSaved, draft)
  const removed = new Set(mine.flatMap((c) => (c.kind === 'REMOVED' ? [c.id] : [])))
  const edits = new Map(mine.flatMap((c) => (c.kind === 'EDITED' ? [[c.id, c.fields] as const] : [])))
  // Their plan, minus what I removed, with my field edits on top.
  const kept = newSaved
    .filter((entry) => entry.id !== undefined && !removed.has(entry.id))
    .map((entry) => {
      const fields = { ...fieldsOf(entry) } as Record<string, unknown>
      for (const change of edits.get(entry.id!) ?? []) fields[change.field] = change.to
      return { ...(fields as ReturnType<typeof fieldsOf>), id: entry.id }
    })
  // My order for the milestones my draft also has: they take the slots those milestones hold now.
  const draftOrder = new Map(draft.flatMap((entry, i) => (entry.id ? [[entry.id, i] as const] : [])))
  if (mine.some((c) => c.kind === 'MOVED')) {
    const slots = kept.flatMap((entry, i) => (draftOrder.has(entry.id!) ? [i] : []))
    const ordered = slots.map((i) => kept[i]!).sort((a, b) => draftOrder.get(a.id!)! - draftOrder.get(b.id!)!)
    slots.forEach((slot, k) => {
      kept[slot] = ordered[k]!
    })
  }
  // My additions, at the place they had in my draft (or at the end).
  const result: PlanEntry[] = [...kept]
  for (const [i, entry] of draft.entries()) {
    if (entry.id === undefined) result.splice(Math.min(i, result.length), 0, entry)
  }
  return result
}
