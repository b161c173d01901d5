import fc from 'fast-check'
import * as domain from '../../src/domain'
import type { PlanEntry } from '../../src/domain/types'
import { usd } from './builders'
import type * as ref from './model-reference'

/** Random commands for tests/unit/model.test.ts, and the plan edits they carry. */

// ---- arbitraries -------------------------------------------------------------------------------

export type FieldsSpec = { title: string; description: string; amount: number; dueOffset: number | null }
export type PlanStep = { kind: 'delete' | 'edit' | 'move' | 'add' | 'lock'; at: number; to: number; fields: FieldsSpec }

export const fieldsArb = (valid: boolean): fc.Arbitrary<FieldsSpec> =>
  fc.record({
    title: fc.constantFrom('Design', 'Build', 'Test', 'Ship'),
    description: fc.constantFrom('', 'scope'),
    amount: valid
      ? fc.constantFrom(500, 700, 1_000, 25_000)
      : fc.oneof({ arbitrary: fc.constantFrom(500, 700, 1_000, 25_000), weight: 12 }, { arbitrary: fc.constantFrom(499, 100_000_000, 100_000_001), weight: 1 }),
    dueOffset: valid ? fc.option(fc.integer({ min: 0, max: 5 })) : fc.option(fc.integer({ min: -1, max: 5 })),
  })
const stepArb: fc.Arbitrary<PlanStep> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constantFrom<PlanStep['kind']>('delete', 'edit', 'move', 'add'), weight: 20 },
    { arbitrary: fc.constant<PlanStep['kind']>('lock'), weight: 1 },
  ),
  at: fc.nat(),
  to: fc.nat(),
  fields: fieldsArb(false),
})
const steps = fc.array(stepArb, { minLength: 1, maxLength: 4 })
// Mostly the party the command is for, sometimes the other one, sometimes an outsider.
const whoArb = fc.integer({ min: 0, max: 19 })
export function resolveWho(t: Command['t'], n: number): ref.Who {
  if (n >= 18) return 'outsider'
  const own: ref.Who = ['save', 'accept', 'decline', 'fund', 'release', 'requestChanges', 'extendReview', 'answerExtension'].includes(t) ? 'client' : 'expert'
  const mine = t === 'close' || t === 'review' ? (n % 2 === 0 ? 'client' : 'expert') : own
  const other = mine === 'client' ? 'expert' : 'client'
  return n >= 15 ? other : mine
}
const rarely = fc.integer({ min: 0, max: 9 }).map((n) => n === 0)

export const commandArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('save' as const), who: whoArb, stale: rarely, steps }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('propose' as const), who: whoArb, stale: rarely, steps }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('accept' as const), who: whoArb, wrongId: rarely, modify: fc.option(steps, { freq: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('decline' as const), who: whoArb, wrongId: rarely }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('withdraw' as const), who: whoArb, wrongId: rarely }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('fund' as const), who: whoArb, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('submit' as const), who: whoArb, pick: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({ t: fc.constant('release' as const), who: whoArb, pick: fc.nat(), amount: fc.constantFrom('one', 'full', 'full', 'part', 'part', 'over', 'zero'), frac: fc.nat() }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('close' as const), who: whoArb, refund: fc.constantFrom('none', 'zero', 'held', 'part', 'over', 'negative'), frac: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('acceptClose' as const), who: whoArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('declineClose' as const), who: whoArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('review' as const), who: whoArb, rating: fc.constantFrom(5, 4, 1, 0, 6), timeliness: fc.constantFrom<number | null>(null, 3, 0) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('tick' as const), hours: fc.integer({ min: 1, max: 60 }) }) },
  // R15–R17, and the timers a worker runs when they are due.
  { weight: 2, arbitrary: fc.record({ t: fc.constant('requestChanges' as const), who: whoArb, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('withdrawSubmission' as const), who: whoArb, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('extendReview' as const), who: whoArb, pick: fc.nat(), days: fc.constantFrom(1, 1, 2, 14, 0, 15) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('requestExtension' as const), who: whoArb, pick: fc.nat(), days: fc.constantFrom(1, 5, 90, 0, 91) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('answerExtension' as const), who: whoArb, accept: fc.boolean(), wrongId: rarely }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('timers' as const) }) },
)
export type Command = typeof commandArb extends fc.Arbitrary<infer C> ? C : never

export const toEntry = (f: FieldsSpec, now: Date): PlanEntry => ({
  title: f.title,
  description: f.description,
  amountCents: usd(f.amount),
  dueDate: f.dueOffset === null ? null : domain.addDays(domain.todayAoE(now), f.dueOffset),
})

/** Applies random edits to a plan input; a 'lock' step smuggles in a locked milestone. */
export function edit(plan: readonly PlanEntry[], list: readonly PlanStep[], model: ref.Model, now: Date): PlanEntry[] {
  const next = [...plan]
  for (const s of list) {
    const at = next.length === 0 ? 0 : s.at % next.length
    const locked = model.milestones.filter((x) => x.state !== 'UPCOMING')
    if (s.kind === 'add') next.splice(s.to % (next.length + 1), 0, toEntry(s.fields, now))
    else if (s.kind === 'lock' && locked.length > 0) {
      const x = locked[s.at % locked.length]!
      next.splice(s.to % (next.length + 1), 0, { id: x.id, title: x.title, description: x.description, amountCents: usd(x.amount), dueDate: x.dueDate })
    } else if (next.length === 0 || s.kind === 'lock') continue
    else if (s.kind === 'delete') next.splice(at, 1)
    else if (s.kind === 'edit') next[at] = { ...next[at]!, ...toEntry(s.fields, now) }
    else next.splice(s.to % next.length, 0, ...next.splice(at, 1))
  }
  return next
}
