import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as domain from '../../src/domain'
import type { Action } from '../../src/domain/allowed-actions'
import type { Actor, Contract, LedgerEntry, PlanEntry } from '../../src/domain/types'
import { CLIENT, EXPERT, NOW, OUTSIDER, usd } from './builders'
import { commandArb, edit, fieldsArb, resolveWho, toEntry, type Command, type FieldsSpec } from './model-commands'
import * as ref from './model-reference'

/**
 * Model-based test: random sequences of every command, by random actors, against the plain
 * reference model in model-reference.ts. After every step: the aggregate agrees with the model,
 * R2, R5 and R14 hold, and allowedActions lists exactly the commands that would succeed.
 * MODEL_RUNS sets the number of runs (default 1000); MODEL_SEED replays a run.
 */
const RUNS = Number(process.env.MODEL_RUNS ?? 1000)
const SEED = process.env.MODEL_SEED === undefined ? Date.now() ^ (Math.random() * 2 ** 31) : Number(process.env.MODEL_SEED)
const ACTORS: Record<ref.Who, Actor> = { client: CLIENT, expert: EXPERT, outsider: OUTSIDER }

// ---- helpers -----------------------------------------------------------------------------------

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}

const modelPlan = (m: ref.Model): PlanEntry[] =>
  ref.upcoming(m).map((x) => ({ id: x.id, title: x.title, description: x.description, amountCents: usd(x.amount), dueDate: x.dueDate }))

/** After a plan was applied: the new upcoming milestones are exactly the input, in order. */
function applyPlanToModel(m: ref.Model, plan: readonly PlanEntry[], contract: Contract): void {
  const locked = m.milestones.filter((x) => x.state !== 'UPCOMING')
  const known = new Set(m.milestones.map((x) => x.id))
  const fresh = contract.milestones.slice(locked.length)
  expect(fresh).toHaveLength(plan.length)
  const next = plan.map((p, i): ref.ModelMilestone => {
    const got = fresh[i]!
    if (p.id === undefined) expect(known.has(got.id)).toBe(false)
    else expect(got.id).toBe(p.id)
    return { id: got.id, state: 'UPCOMING', title: p.title, description: p.description ?? '', amount: p.amountCents, dueDate: p.dueDate ?? null, funded: 0, released: 0 }
  })
  const changed = JSON.stringify(modelPlan(m)) !== JSON.stringify(next.map((x) => ({ id: x.id, title: x.title, description: x.description, amountCents: x.amount, dueDate: x.dueDate })))
  m.milestones = [...locked, ...next]
  if (changed) m.version += 1
}

function pickMilestone(m: ref.Model, pick: number, preferred: string | undefined): string {
  const ids = [...m.milestones.map((x) => x.id), 'ghost']
  return pick % 4 !== 0 && preferred ? preferred : ids[pick % ids.length]!
}

// ---- checks ------------------------------------------------------------------------------------

function expectAgreement(contract: Contract, m: ref.Model, ledger: readonly LedgerEntry[]): void {
  expect(contract.status).toBe(m.open ? 'OPEN' : 'CLOSED')
  expect(contract.planVersion).toBe(m.version)
  expect(
    contract.milestones.map((x) => ({ id: x.id, state: x.state, title: x.title, description: x.description, amount: x.amountCents, dueDate: x.dueDate, funded: x.fundedCents, released: x.releasedCents })),
  ).toEqual(m.milestones)
  expect(contract.escrow).toEqual({ depositedCents: m.deposited, releasedCents: m.released, refundedCents: m.refunded, balanceCents: m.balance })
  const sum = (kind: LedgerEntry['kind']) => ledger.filter((e) => e.kind === kind).reduce((s, e) => s + e.amountCents, 0)
  expect([sum('DEPOSIT'), sum('RELEASE'), sum('REFUND')]).toEqual([m.deposited, m.released, m.refunded])
  const request = contract.changeRequest
  expect(request && { id: request.id, base: request.baseVersion, plan: request.milestones }).toEqual(m.request)
  expect(contract.closeProposal?.refundCents ?? null).toBe(m.proposal?.refund ?? null)
  expect(contract.reviews.map((r) => r.authorRole)).toEqual(m.reviewed)
  // R2: at most one milestone in progress.
  expect(contract.milestones.filter((x) => x.state === 'FUNDED' || x.state === 'SUBMITTED').length).toBeLessThanOrEqual(1)
  // R14.
  expect(domain.checkConservation(contract, ledger)).toEqual([])
}

/** R5: locked milestones keep their place at the head and never change their terms. */
function expectLocksKept(before: Contract, after: Contract): void {
  before.milestones.forEach((x, i) => {
    if (x.state === 'UPCOMING') return
    const y = after.milestones[i]!
    expect([y.id, y.title, y.description, y.amountCents, y.dueDate, y.fundedCents, y.fundedAt]).toEqual([x.id, x.title, x.description, x.amountCents, x.dueDate, x.fundedCents, x.fundedAt])
    expect(y.state).not.toBe('UPCOMING')
  })
  const firstUpcoming = after.milestones.findIndex((x) => x.state === 'UPCOMING')
  if (firstUpcoming >= 0) expect(after.milestones.slice(firstUpcoming).every((x) => x.state === 'UPCOMING')).toBe(true)
}

/** Whether the command behind `action` succeeds, as that action, for `actor` now. */
function succeedsAs(action: Action, c: Contract, actor: Actor, now: Date): boolean {
  const ctx = { now, newId: () => 'probe' }
  const role = domain.roleOf(c, actor.userId)
  const plan = domain.upcomingEntries(c)
  switch (action) {
    case 'EDIT_PLAN':
      return domain.savePlan(c, actor, { baseVersion: c.planVersion, milestones: plan }, ctx).ok
    case 'PROPOSE_CHANGES':
      return domain.proposeChanges(c, actor, { baseVersion: c.planVersion, milestones: plan.length > 0 ? plan.slice(0, -1) : [{ title: 'x', amountCents: usd(500) }], message: '' }, ctx).ok
    case 'REVIEW_CHANGES':
      return domain.declineChanges(c, actor, { requestId: c.changeRequest?.id ?? 'none' }, ctx).ok
    case 'WITHDRAW_CHANGES':
      return domain.withdrawChanges(c, actor, { requestId: c.changeRequest?.id ?? 'none' }, ctx).ok
    case 'FUND_MILESTONE':
      return domain.fundMilestone(c, actor, { milestoneId: domain.nextUpcoming(c)?.id ?? 'none' }, ctx).ok
    case 'SUBMIT_WORK':
      return domain.submitWork(c, actor, { milestoneId: c.milestones.find((x) => x.state === 'FUNDED')?.id ?? 'none' }, ctx).ok
    case 'RELEASE_PAYMENT':
      return domain.releasePayment(c, actor, { milestoneId: domain.inProgressMilestone(c)?.id ?? 'none', amountCents: usd(1) }, ctx).ok
    case 'PROPOSE_CLOSE': {
      const r = domain.closeContract(c, actor, { refundCents: usd(0) }, ctx)
      return r.ok && r.value.contract.status === 'OPEN' && r.value.contract.closeProposal !== null
    }
    case 'CLOSE': {
      const r = domain.closeContract(c, actor, {}, ctx)
      return r.ok && r.value.contract.status === 'CLOSED'
    }
    case 'ACCEPT_CLOSE':
      return domain.acceptClose(c, actor, ctx).ok
    case 'DECLINE_CLOSE':
      return domain.declineClose(c, actor, ctx).ok
    case 'LEAVE_REVIEW':
      return domain.leaveReview(c, actor, { rating: 5, timelinessRating: role === 'CLIENT' ? 5 : null, comment: '' }, ctx).ok
  }
}
const ALL_ACTIONS: Action[] = ['EDIT_PLAN', 'PROPOSE_CHANGES', 'REVIEW_CHANGES', 'WITHDRAW_CHANGES', 'FUND_MILESTONE', 'SUBMIT_WORK', 'RELEASE_PAYMENT', 'PROPOSE_CLOSE', 'ACCEPT_CLOSE', 'DECLINE_CLOSE', 'CLOSE', 'LEAVE_REVIEW']

function expectActionsMatch(c: Contract, now: Date): void {
  for (const actor of [CLIENT, EXPERT, OUTSIDER]) {
    const listed = new Set(domain.allowedActions(c, actor.userId, now))
    for (const action of ALL_ACTIONS) {
      if (listed.has(action) !== succeedsAs(action, c, actor, now)) {
        expect.fail(`${actor.userId}: ${action} is ${listed.has(action) ? '' : 'not '}listed but its command ${listed.has(action) ? 'fails' : 'succeeds'}`)
      }
    }
  }
}

/** How often each command succeeded or was refused, printed with MODEL_RUNS to show what the runs reached. */
const tally = new Map<string, number>()
const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1)

// ---- the run -----------------------------------------------------------------------------------

function runScenario(initial: readonly FieldsSpec[], commands: readonly Command[]): void {
  let now = NOW
  let counter = 0
  const ctx = () => ({ now, newId: () => `x${++counter}` })
  const created = domain.createContract({ clientId: CLIENT.userId, expertId: EXPERT.userId, title: 'Model', milestones: initial.map((f) => toEntry(f, now)) }, ctx())
  if (!created.ok) throw new Error(created.error.message)
  let contract = deepFreeze(created.value.contract)
  const ledger: LedgerEntry[] = []
  const m: ref.Model = {
    open: true,
    version: 1,
    milestones: [],
    deposited: 0,
    released: 0,
    refunded: 0,
    balance: 0,
    request: null,
    proposal: null,
    reviewed: [],
  }
  applyPlanToModel(m, initial.map((f) => toEntry(f, now)), contract)
  m.version = 1
  expectAgreement(contract, m, ledger)
  expectActionsMatch(contract, now)

  for (const cmd of commands) {
    if (cmd.t === 'tick') {
      now = new Date(now.getTime() + cmd.hours * 3_600_000)
      expectActionsMatch(contract, now)
      continue
    }
    const who = resolveWho(cmd.t, cmd.who)
    const actor = ACTORS[who]
    const requestId = (wrong: boolean) => (wrong ? 'ghost-request' : (m.request?.id ?? 'none'))
    let expected: ref.Expectation | 'OK_CLOSE'
    let result: domain.Result<domain.Outcome>
    let apply: (out: domain.Outcome) => void = () => {}
    switch (cmd.t) {
      case 'save': {
        const base = cmd.stale ? m.version - 1 : m.version
        const plan = edit(modelPlan(m), cmd.steps, m, now)
        expected = ref.expectSave(m, who, base)
        result = domain.savePlan(contract, actor, { baseVersion: base, milestones: plan }, ctx())
        apply = (out) => applyPlanToModel(m, plan, out.contract)
        break
      }
      case 'propose': {
        const base = cmd.stale ? m.version - 1 : m.version
        const plan = edit(modelPlan(m), cmd.steps, m, now)
        expected = ref.expectPropose(m, who, base)
        result = domain.proposeChanges(contract, actor, { baseVersion: base, milestones: plan, message: 'please' }, ctx())
        apply = (out) => (m.request = { id: out.contract.changeRequest!.id, base: m.version, plan })
        break
      }
      case 'accept': {
        const id = requestId(cmd.wrongId)
        const plan = cmd.modify && m.request ? edit(m.request.plan, cmd.modify, m, now) : undefined
        expected = ref.expectAccept(m, who, id)
        const proposalPlan = plan ?? m.request?.plan ?? []
        result = domain.acceptChanges(contract, actor, plan ? { requestId: id, milestones: plan } : { requestId: id }, ctx())
        apply = (out) => {
          applyPlanToModel(m, proposalPlan, out.contract)
          m.request = null
        }
        break
      }
      case 'decline':
      case 'withdraw': {
        const id = requestId(cmd.wrongId)
        expected = ref.expectRequestAnswer(m, who, cmd.t === 'decline' ? 'CLIENT' : 'EXPERT', id)
        result = cmd.t === 'decline' ? domain.declineChanges(contract, actor, { requestId: id }, ctx()) : domain.withdrawChanges(contract, actor, { requestId: id }, ctx())
        apply = () => (m.request = null)
        break
      }
      case 'fund': {
        const id = pickMilestone(m, cmd.pick, ref.upcoming(m)[0]?.id)
        expected = ref.expectFund(m, who, id)
        result = domain.fundMilestone(contract, actor, { milestoneId: id }, ctx())
        apply = () => ref.applyFund(m, id)
        break
      }
      case 'submit': {
        const id = pickMilestone(m, cmd.pick, ref.inProgress(m)?.id)
        expected = ref.expectSubmit(m, who, id)
        result = domain.submitWork(contract, actor, { milestoneId: id }, ctx())
        apply = () => (m.milestones.find((x) => x.id === id)!.state = 'SUBMITTED')
        break
      }
      case 'release': {
        const id = pickMilestone(m, cmd.pick, ref.inProgress(m)?.id)
        const funded = m.milestones.find((x) => x.id === id)?.funded ?? 0
        const amount = { one: 1, full: funded, part: 1 + (cmd.frac % Math.max(funded, 1)), over: funded + 1, zero: 0 }[cmd.amount]
        expected = ref.expectRelease(m, who, id, amount)
        result = domain.releasePayment(contract, actor, { milestoneId: id, amountCents: usd(amount) }, ctx())
        apply = () => ref.applyRelease(m, id, amount)
        break
      }
      case 'close': {
        const h = ref.held(m)
        const refund = { none: undefined, zero: 0, held: h, part: cmd.frac % (h + 1), over: h + 1, negative: -1 }[cmd.refund]
        expected = ref.expectClose(m, who, refund)
        result = domain.closeContract(contract, actor, refund === undefined ? {} : { refundCents: usd(refund) }, ctx())
        const closesNow = expected === 'OK_CLOSE'
        apply = () => (closesNow ? ref.applySettlement(m, who === 'expert' ? h : 0) : (m.proposal = { refund: refund! }))
        if (closesNow) expected = 'OK'
        break
      }
      case 'acceptClose':
      case 'declineClose': {
        expected = ref.expectAnswerClose(m, who)
        result = cmd.t === 'acceptClose' ? domain.acceptClose(contract, actor, ctx()) : domain.declineClose(contract, actor, ctx())
        apply = cmd.t === 'acceptClose' ? () => ref.applySettlement(m, m.proposal!.refund) : () => (m.proposal = null)
        break
      }
      case 'review': {
        expected = ref.expectReview(m, who, cmd.rating, cmd.timeliness)
        result = domain.leaveReview(contract, actor, { rating: cmd.rating, timelinessRating: cmd.timeliness, comment: '' }, ctx())
        apply = () => m.reviewed.push(ref.roleOfWho(who)!)
        break
      }
    }
    if (expected === 'PLAN') {
      if (!result.ok) expect(ref.PLAN_ERRORS).toContain(result.error.code)
    } else {
      expect(result.ok ? 'OK' : result.error.code, `${cmd.t} by ${who}`).toBe(expected)
    }
    count(`${cmd.t} ${result.ok ? 'OK' : result.error.code}`)
    if (!result.ok) continue
    apply(result.value)
    const before = contract
    contract = deepFreeze(result.value.contract)
    ledger.push(...result.value.ledger)
    expectLocksKept(before, contract)
    expectAgreement(contract, m, ledger)
    expectActionsMatch(contract, now)
  }
}

describe('model: random command sequences against the reference model', () => {
  it(`agrees with the model, keeps R2, R5, R14, and allowedActions matches the commands (${RUNS} runs)`, () => {
    const started = performance.now()
    fc.assert(
      fc.property(fc.array(fieldsArb(true), { maxLength: 4 }), fc.array(commandArb, { maxLength: 40, size: 'max' }), (initial, commands) => runScenario(initial, commands)),
      { numRuns: RUNS, seed: SEED },
    )
    if (process.env.MODEL_RUNS !== undefined) {
      console.log(`model test: ${RUNS} runs, seed ${SEED} (replay with MODEL_SEED=${SEED}), ${Math.round(performance.now() - started)} ms`)
      console.log([...tally].sort().map(([key, n]) => `  ${key}: ${n}`).join('\n'))
    }
  }, 120_000)
})
