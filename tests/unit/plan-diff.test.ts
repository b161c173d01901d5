import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyPlanDiff, describeChange, describeChanges, diffPlan, type IdentifiedEntry, type PlanChange } from '../../src/domain/plan-diff'
import { longestIncreasingSubsequence } from '../../src/domain/sequence'
import type { PlanEntry } from '../../src/domain/types'
import { usd } from './builders'

const item = (id: string, overrides: Partial<IdentifiedEntry> = {}): IdentifiedEntry => ({
  id,
  title: id.toUpperCase(),
  description: '',
  amountCents: usd(500),
  dueDate: null,
  ...overrides,
})
const abcde = ['a', 'b', 'c', 'd', 'e'].map((id) => item(id))
const pick = (...ids: string[]) => ids.map((id) => abcde.find((e) => e.id === id)!)

describe('diffPlan', () => {
  it('finds nothing between a plan and itself', () => {
    expect(diffPlan(abcde, abcde)).toEqual([])
    expect(diffPlan([], [])).toEqual([])
  })

  it('deleting the first milestone moves nothing else', () => {
    expect(diffPlan(abcde, pick('b', 'c', 'd', 'e'))).toEqual([{ kind: 'REMOVED', id: 'a', title: 'A', from: 0 }])
  })

  it('adding at the front moves nothing else', () => {
    const added = { title: 'New', description: '', amountCents: usd(900), dueDate: '2026-12-01' }
    expect(diffPlan(abcde, [added, ...abcde])).toEqual([{ kind: 'ADDED', to: 0, entry: added }])
  })

  it('moving one milestone to the end marks only that one as moved', () => {
    expect(diffPlan(abcde, pick('b', 'c', 'd', 'e', 'a'))).toEqual([{ kind: 'MOVED', id: 'a', title: 'A', from: 0, to: 4 }])
  })

  it('swapping two neighbours is one move', () => {
    expect(diffPlan(abcde, pick('a', 'c', 'b', 'd', 'e')).filter((c) => c.kind === 'MOVED')).toHaveLength(1)
  })

  it('a milestone both moved and edited is two changes', () => {
    const after = [...pick('b', 'c', 'd', 'e'), { ...abcde[0]!, title: 'A2', amountCents: usd(750) }]
    expect(diffPlan(abcde, after)).toEqual([
      { kind: 'MOVED', id: 'a', title: 'A2', from: 0, to: 4 },
      {
        kind: 'EDITED',
        id: 'a',
        title: 'A2',
        fields: [
          { field: 'title', from: 'A', to: 'A2' },
          { field: 'amountCents', from: 500, to: 750 },
        ],
      },
    ])
  })

  it('reports every edited field, treating a missing description or due date as empty', () => {
    const before = [item('a', { description: 'old', dueDate: '2026-07-01' })]
    const after: PlanEntry[] = [{ id: 'a', title: 'A', amountCents: usd(500) }]
    expect(diffPlan(before, after)).toEqual([
      {
        kind: 'EDITED',
        id: 'a',
        title: 'A',
        fields: [
          { field: 'description', from: 'old', to: '' },
          { field: 'dueDate', from: '2026-07-01', to: null },
        ],
      },
    ])
  })

  it('an unknown or repeated id in the new plan counts as an addition', () => {
    const changes = diffPlan(pick('a'), [abcde[0]!, abcde[0]!, item('zzz')])
    expect(changes.map((c) => c.kind)).toEqual(['ADDED', 'ADDED'])
  })

  it('copes with before entries that have no id', () => {
    const before: PlanEntry[] = [{ title: 'X', amountCents: usd(500) }, abcde[0]!]
    const changes = diffPlan(before, [abcde[0]!])
    expect(changes).toEqual([{ kind: 'REMOVED', id: '#0', title: 'X', from: 0 }])
    expect(applyPlanDiff(before, changes)).toEqual([abcde[0]])
    expect(applyPlanDiff(before, [])).toEqual([{ title: 'X', description: '', amountCents: 500, dueDate: null }, abcde[0]])
  })
})

describe('longestIncreasingSubsequence', () => {
  it('finds one longest strictly increasing run', () => {
    expect(longestIncreasingSubsequence([])).toEqual([])
    expect(longestIncreasingSubsequence([3, 1, 2])).toEqual([1, 2])
    expect(longestIncreasingSubsequence([0, 8, 4, 12, 2, 10, 6, 14, 1, 9]).length).toBe(4)
  })
})

describe('describeChange', () => {
  const title = 'Design'
  it.each<[PlanChange, number, string]>([
    [{ kind: 'ADDED', to: 0, entry: { title, description: '', amountCents: usd(50_000), dueDate: '2026-12-01' } }, 0, 'Added “Design” ($500.00, due 2026-12-01)'],
    [{ kind: 'ADDED', to: 0, entry: { title, description: '', amountCents: usd(125_000), dueDate: null } }, 0, 'Added “Design” ($1,250.00)'],
    [{ kind: 'REMOVED', id: 'a', title, from: 0 }, 0, 'Removed “Design”'],
    [{ kind: 'MOVED', id: 'a', title: 'X', from: 1, to: 3 }, 0, 'Moved “X” from position 2 to 4'],
    [{ kind: 'MOVED', id: 'a', title: 'X', from: 0, to: 1 }, 2, 'Moved “X” from position 3 to 4'],
    [{ kind: 'EDITED', id: 'a', title: 'X', fields: [{ field: 'amountCents', from: usd(50_000), to: usd(75_000) }] }, 0, 'Changed amount of “X” from $500.00 to $750.00'],
    [{ kind: 'EDITED', id: 'a', title: 'Y', fields: [{ field: 'title', from: 'X', to: 'Y' }] }, 0, 'Renamed “X” to “Y”'],
    [{ kind: 'EDITED', id: 'a', title: 'X', fields: [{ field: 'description', from: '', to: 'more' }] }, 0, 'Changed description of “X”'],
    [{ kind: 'EDITED', id: 'a', title: 'X', fields: [{ field: 'dueDate', from: null, to: '2026-07-01' }] }, 0, 'Set due date of “X” to 2026-07-01'],
    [{ kind: 'EDITED', id: 'a', title: 'X', fields: [{ field: 'dueDate', from: '2026-07-01', to: null }] }, 0, 'Removed due date of “X” (was 2026-07-01)'],
    [
      { kind: 'EDITED', id: 'a', title: 'X', fields: [{ field: 'dueDate', from: '2026-07-01', to: '2026-07-02' }] },
      0,
      'Changed due date of “X” from 2026-07-01 to 2026-07-02',
    ],
  ])('%j (offset %i) reads “%s”', (change, offset, text) => {
    expect(describeChange(change, offset)).toBe(text)
  })

  it('describeChanges gives one line per edited field', () => {
    const changes = diffPlan(abcde, [{ ...abcde[0]!, title: 'A2', amountCents: usd(600) }, ...pick('b', 'c', 'd', 'e')])
    expect(describeChanges(changes, 0)).toEqual(['Renamed “A” to “A2”', 'Changed amount of “A2” from $5.00 to $6.00'])
    expect(describeChange(changes[0]!, 0)).toBe('Renamed “A” to “A2”; Changed amount of “A2” from $5.00 to $6.00')
  })
})

// Random plans, and random edits of them: deletes, field edits, moves and additions.
const fieldsArb = fc.record({
  title: fc.constantFrom('Design', 'Build', 'Test', 'Ship', 'Docs'),
  description: fc.constantFrom('', 'scope', 'more scope'),
  amountCents: fc.constantFrom(500, 750, 10_000).map(usd),
  dueDate: fc.constantFrom(null, '2026-07-01', '2026-08-01'),
})
const planArb = fc.array(fieldsArb, { maxLength: 12 }).map((list) => list.map((fields, i): IdentifiedEntry => ({ id: `m${i}`, ...fields })))
type Step = { kind: 'delete' | 'edit' | 'move' | 'add'; at: number; to: number; fields: PlanEntry }
const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom('delete', 'edit', 'move', 'add'),
  at: fc.nat(),
  to: fc.nat(),
  fields: fieldsArb,
})

function mutate(plan: readonly IdentifiedEntry[], steps: readonly Step[]): PlanEntry[] {
  const next: PlanEntry[] = [...plan]
  for (const step of steps) {
    const at = next.length === 0 ? 0 : step.at % next.length
    if (step.kind === 'add') next.splice(step.to % (next.length + 1), 0, { ...step.fields })
    else if (next.length === 0) continue
    else if (step.kind === 'delete') next.splice(at, 1)
    else if (step.kind === 'edit') next[at] = { ...next[at]!, ...step.fields }
    else {
      const [moved] = next.splice(at, 1)
      next.splice(step.to % (next.length + 1), 0, moved!)
    }
  }
  return next
}

describe('plan diff properties', () => {
  it('diff(a, a) is empty', () => {
    fc.assert(fc.property(planArb, (a) => diffPlan(a, a).length === 0))
  })

  it('applying diff(a, b) to a gives b', () => {
    fc.assert(
      fc.property(planArb, fc.array(stepArb, { maxLength: 10 }), (a, steps) => {
        const b = mutate(a, steps)
        expect(applyPlanDiff(a, diffPlan(a, b))).toEqual(b)
      }),
    )
  })

  it('moves are minimal: kept milestones not moved keep their old relative order, and no fewer moves would do', () => {
    fc.assert(
      fc.property(planArb, fc.array(stepArb, { maxLength: 10 }), (a, steps) => {
        const b = mutate(a, steps)
        const changes = diffPlan(a, b)
        const moved = new Set(changes.flatMap((c) => (c.kind === 'MOVED' ? [c.id] : [])))
        const oldIndex = new Map(a.map((e, i) => [e.id, i]))
        const keptOrder = b.flatMap((e) => (e.id !== undefined && oldIndex.has(e.id) ? [oldIndex.get(e.id)!] : []))
        const stayers = b.filter((e) => e.id !== undefined && oldIndex.has(e.id) && !moved.has(e.id)).map((e) => oldIndex.get(e.id!)!)
        expect(stayers).toEqual([...stayers].sort((x, y) => x - y))
        expect(moved.size).toBe(keptOrder.length - longestIncreasingSubsequence(keptOrder).length)
      }),
    )
  })

  it('the diff survives a JSON round trip (it travels in events and emails)', () => {
    fc.assert(
      fc.property(planArb, fc.array(stepArb, { maxLength: 6 }), (a, steps) => {
        const changes = diffPlan(a, mutate(a, steps))
        expect(JSON.parse(JSON.stringify(changes))).toEqual(changes)
      }),
    )
  })
})

describe('applyPlanDiff on a plan the changes were not made for', () => {
  it('drops nothing and invents nothing', () => {
    const added = { title: 'N', description: '', amountCents: usd(500), dueDate: null }
    const result = applyPlanDiff(pick('a', 'b'), [
      { kind: 'REMOVED', id: 'ghost', title: 'G', from: 0 },
      { kind: 'ADDED', to: 5, entry: added },
      { kind: 'MOVED', id: 'zz', title: 'Z', from: 0, to: 1 },
    ])
    expect(result).toEqual([...pick('a', 'b'), added])
  })
})
