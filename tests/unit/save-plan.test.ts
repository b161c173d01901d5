import { describe, expect, it } from 'vitest'
import { MAX_UPCOMING_MILESTONES, validatePlan } from '../../src/domain/plan'
import { savePlan } from '../../src/domain/save-plan'
import {
  CLIENT,
  EXPERT,
  NOW,
  OUTSIDER,
  TODAY,
  entry,
  expectError,
  expectOk,
  makeContract,
  makeCtx,
  makeFunded,
  makeMilestone,
  makeReleased,
  planOf,
  usd,
} from './builders'

const save = (contract = makeContract(), milestones = planOf(contract), ctx = makeCtx()) =>
  savePlan(contract, CLIENT, { baseVersion: contract.planVersion, milestones }, ctx)

describe('savePlan: who and when', () => {
  it('an outsider gets NOT_FOUND, the expert FORBIDDEN_FOR_ROLE', () => {
    const contract = makeContract()
    expectError(savePlan(contract, OUTSIDER, { baseVersion: 3, milestones: [] }, makeCtx()), 'NOT_FOUND')
    expectError(savePlan(contract, EXPERT, { baseVersion: 3, milestones: [] }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
  })

  it('a closed contract is read-only (CONTRACT_CLOSED), checked after the role', () => {
    const closed = makeContract({ status: 'CLOSED', closedAt: NOW })
    expectError(save(closed), 'CONTRACT_CLOSED')
    expectError(savePlan(closed, EXPERT, { baseVersion: 3, milestones: [] }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(savePlan(closed, OUTSIDER, { baseVersion: 3, milestones: [] }, makeCtx()), 'NOT_FOUND')
  })

  it('is blocked while a change request is pending (R8)', () => {
    const contract = makeContract({ changeRequest: { id: 'r1', message: '', baseVersion: 3, createdAt: NOW, milestones: [] } })
    expectError(save(contract, [entry()]), 'CHANGE_REQUEST_PENDING')
  })

  it('version n is accepted and n−1 refused with STALE_PLAN_VERSION (R9)', () => {
    const contract = makeContract({ planVersion: 7 })
    const stale = expectError(savePlan(contract, CLIENT, { baseVersion: 6, milestones: [entry()] }, makeCtx()), 'STALE_PLAN_VERSION')
    expect(stale.details).toEqual({ planVersion: 7 })
    expect(expectOk(savePlan(contract, CLIENT, { baseVersion: 7, milestones: [entry()] }, makeCtx())).contract.planVersion).toBe(8)
  })
})

describe('savePlan: applying the plan', () => {
  it('adds, edits, deletes and reorders upcoming milestones and bumps the version once', () => {
    const [a, b, c] = [makeMilestone({ title: 'A' }), makeMilestone({ title: 'B' }), makeMilestone({ title: 'C' })]
    const contract = makeContract({ milestones: [a, b, c] })
    const out = expectOk(save(contract, [{ ...planOf(contract)[2]!, title: '  C2  ' }, entry({ title: 'New' }), planOf(contract)[0]!]))
    expect(out.contract.milestones.map((m) => [m.id, m.title])).toEqual([
      [c.id, 'C2'],
      ['id-1', 'New'],
      [a.id, 'A'],
    ])
    expect(out.contract.planVersion).toBe(4)
    expect(out.events).toHaveLength(1)
    expect(out.events[0]?.type).toBe('PLAN_SAVED')
    expect(out.ledger).toEqual([])
    // The input contract is untouched (immutability).
    expect(contract.milestones.map((m) => m.title)).toEqual(['A', 'B', 'C'])
  })

  it('new milestones start upcoming with nothing funded', () => {
    const out = expectOk(save(makeContract({ milestones: [] }), [entry({ title: 'X', description: 'd', dueDate: TODAY })]))
    expect(out.contract.milestones[0]).toEqual({
      id: 'id-1',
      title: 'X',
      description: 'd',
      amountCents: 5000,
      dueDate: TODAY,
      state: 'UPCOMING',
      fundedCents: 0,
      releasedCents: 0,
      fundedAt: null,
      submittedAt: null,
      submission: null,
      extensionRequest: null,
      releasedAt: null,
    })
  })

  it('a save that changes nothing keeps the version and reports no event', () => {
    const contract = makeContract()
    const out = expectOk(save(contract, planOf(contract).map((e) => ({ ...e, title: ` ${e.title} ` }))))
    expect(out.contract).toBe(contract)
    expect(out.events).toEqual([])
  })

  it('locked milestones stay at the head, in order, unchanged (R5)', () => {
    const done = makeReleased({ title: 'Done' })
    const doing = makeFunded({ title: 'Doing' })
    const next = makeMilestone({ title: 'Next' })
    const contract = makeContract({ milestones: [done, doing, next] })
    const out = expectOk(save(contract, [entry({ title: 'First new' }), { ...planOf(contract)[0]!, amountCents: usd(700) }]))
    expect(out.contract.milestones.slice(0, 2)).toEqual([done, doing])
    expect(out.contract.milestones.slice(2).map((m) => m.title)).toEqual(['First new', 'Next'])
  })

  it.each([
    ['edit', (id: string) => [{ id, title: 'Changed', amountCents: usd(10_000) }]],
    ['reorder', (id: string) => [entry(), { id, title: 'Doing', amountCents: usd(10_000) }]],
  ])('refuses to %s a locked milestone with MILESTONE_LOCKED', (_name, plan) => {
    const doing = makeFunded({ title: 'Doing' })
    const contract = makeContract({ milestones: [doing] })
    const error = expectError(save(contract, plan(doing.id)), 'MILESTONE_LOCKED')
    expect(error.details).toMatchObject({ field: 'id', id: doing.id })
  })

  it('not sending a locked milestone keeps it: locked milestones cannot be deleted', () => {
    const done = makeReleased()
    const out = expectOk(save(makeContract({ milestones: [done, makeMilestone()] }), []))
    expect(out.contract.milestones).toEqual([done])
  })

  it('adds a milestone after the final one was released (R7)', () => {
    const contract = makeContract({ milestones: [makeReleased(), makeReleased()] })
    const out = expectOk(save(contract, [entry({ title: 'Extra' })]))
    expect(out.contract.milestones.map((m) => m.state)).toEqual(['RELEASED', 'RELEASED', 'UPCOMING'])
  })

  it('allows zero upcoming milestones', () => {
    expect(expectOk(save(makeContract(), [])).contract.milestones).toEqual([])
  })
})

describe('plan validation (R1, R10)', () => {
  const check = (entries: unknown, milestones = makeContract().milestones, now = NOW) => validatePlan(milestones, entries, now)

  it.each([
    [499, 'AMOUNT_BELOW_MINIMUM'],
    [1, 'AMOUNT_BELOW_MINIMUM'],
    [100_000_001, 'AMOUNT_ABOVE_MAXIMUM'],
    [0, 'AMOUNT_BELOW_MINIMUM'],
    [-500, 'VALIDATION_FAILED'],
    [500.5, 'VALIDATION_FAILED'],
    [Number.NaN, 'VALIDATION_FAILED'],
    [2 ** 53, 'VALIDATION_FAILED'],
    ['500', 'VALIDATION_FAILED'],
  ] as const)('amount %s → %s, pointing at the entry', (amount, code) => {
    const error = expectError(check([entry(), entry({ amountCents: amount as never })]), code)
    expect(error.details).toEqual({ index: 1, field: 'amountCents' })
  })

  it.each([500, 100_000_000])('amount %i (the limits themselves) is accepted', (amount) => {
    expect(check([entry({ amountCents: usd(amount) })]).ok).toBe(true)
  })

  it.each([
    ['an empty title', { title: '   ' }, 'title'],
    ['a title that is not text', { title: 42 }, 'title'],
    ['a 201-character title', { title: 'x'.repeat(201) }, 'title'],
    ['a 5001-character description', { description: 'x'.repeat(5001) }, 'description'],
    ['a description that is not text', { description: 7 }, 'description'],
    ['a malformed due date', { dueDate: '2026-02-30' }, 'dueDate'],
    ['a due date with a time', { dueDate: '2026-07-01T00:00:00Z' }, 'dueDate'],
    ['an id that is not text', { id: 5 }, 'id'],
  ])('refuses %s with VALIDATION_FAILED', (_name, overrides, field) => {
    const error = expectError(check([entry(overrides as never)]), 'VALIDATION_FAILED')
    expect(error.details).toMatchObject({ index: 0, field })
  })

  it('accepts a 200-character title (counting an emoji once) and a 5000-character description', () => {
    expect(check([entry({ title: '🎨'.repeat(200), description: 'x'.repeat(5000) })]).ok).toBe(true)
  })

  it('refuses a non-list plan and a non-object entry', () => {
    expectError(check('nope'), 'VALIDATION_FAILED')
    expectError(check([null]), 'VALIDATION_FAILED')
  })

  it(`allows ${MAX_UPCOMING_MILESTONES} upcoming milestones and refuses one more`, () => {
    expect(check(Array.from({ length: MAX_UPCOMING_MILESTONES }, () => entry())).ok).toBe(true)
    expectError(check(Array.from({ length: MAX_UPCOMING_MILESTONES + 1 }, () => entry())), 'VALIDATION_FAILED')
  })

  it('refuses duplicate ids and unknown ids, naming them', () => {
    const a = makeMilestone()
    const duplicate = expectError(check([{ ...entry(), id: a.id }, { ...entry(), id: a.id }], [a]), 'VALIDATION_FAILED')
    expect(duplicate.details).toEqual({ index: 1, field: 'id', id: a.id })
    const unknown = expectError(check([{ ...entry(), id: 'ghost' }], [a]), 'VALIDATION_FAILED')
    expect(unknown.details).toEqual({ index: 0, field: 'id', id: 'ghost' })
  })

  it('a due date today is fine, yesterday is DUE_DATE_IN_PAST (AoE: at 12:00 UTC, not 11:59)', () => {
    const justBefore = new Date('2026-06-16T11:59:00.000Z')
    const justAfter = new Date('2026-06-16T12:00:00.000Z')
    expect(check([entry({ dueDate: '2026-06-15' })], [], justBefore).ok).toBe(true)
    const error = expectError(check([entry({ dueDate: '2026-06-15' })], [], justAfter), 'DUE_DATE_IN_PAST')
    expect(error.details).toEqual({ index: 0, field: 'dueDate' })
    expect(check([entry({ dueDate: '2026-06-16' })], [], justAfter).ok).toBe(true)
  })

  it('an unchanged due date that has since passed may stay; changing it to another past day may not', () => {
    const late = makeMilestone({ dueDate: '2026-01-01' })
    expect(check([{ id: late.id, title: 'Renamed', amountCents: late.amountCents, dueDate: '2026-01-01' }], [late]).ok).toBe(true)
    expectError(check([{ id: late.id, title: 'x', amountCents: late.amountCents, dueDate: '2026-01-02' }], [late]), 'DUE_DATE_IN_PAST')
    expect(check([{ id: late.id, title: 'x', amountCents: late.amountCents, dueDate: null }], [late]).ok).toBe(true)
  })

  it('normalizes: titles trimmed, missing description and due date filled in', () => {
    const result = check([{ title: '  Design ', amountCents: usd(500) }])
    expect(result).toEqual({ ok: true, value: [{ title: 'Design', description: '', amountCents: 500, dueDate: null }] })
  })
})
