import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as domain from '../../src/domain'
import type { Actor, Contract, LedgerEntry, PlanEntry } from '../../src/domain/types'
import { CLIENT, EXPERT, NOW, OUTSIDER, usd } from './builders'
import { expectActionsMatch, expectAgreement, expectLocksKept } from './model-checks'
import { commandArb, edit, fieldsArb, resolveWho, toEntry, type Command, type FieldsSpec } from './model-commands'
import * as plans from './model-plan'
import * as ref from './model-reference'

/**
 * Model-based test: random sequences of every command, by random actors, against the plain
 * reference model (model-reference.ts, model-plan.ts). The model decides every command, plan
 * commands included: the exact error code, or the resulting plan and plan version. After every
 * step: the aggregate agrees with the model, R2, R5 and R14 hold, and allowedActions equals the
 * model's own computation (model-actions.ts) and lists exactly the commands that would succeed.
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

/** The ids the contract gave the milestones the model does not know yet, in plan order. */
const idsOfNew = (m: ref.Model, contract: Contract): string[] => {
  const known = new Set(m.milestones.map((x) => x.id))
  return contract.milestones.map((x) => x.id).filter((id) => !known.has(id))
}

function pickMilestone(m: ref.Model, pick: number, preferred: string | undefined): string {
  const ids = [...m.milestones.map((x) => x.id), 'ghost']
  return pick % 4 !== 0 && preferred ? preferred : ids[pick % ids.length]!
}

/** How often each command succeeded or was refused, printed with MODEL_RUNS to show what the runs reached. */
const tally = new Map<string, number>()
const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1)

// ---- the run -----------------------------------------------------------------------------------

function runScenario(initial: readonly FieldsSpec[], commands: readonly Command[]): void {
  let now = NOW
  let counter = 0
  const ctx = () => ({ now, newId: () => `x${++counter}` })
  const created = domain.createContract(
    { clientId: CLIENT.userId, expertId: EXPERT.userId, title: 'Model', milestones: initial.map((f) => toEntry(f, now)), reviewDays: ref.MODEL_REVIEW_DAYS },
    ctx(),
  )
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
  plans.applyPlan(m, initial.map((f) => toEntry(f, now)), idsOfNew(m, contract))
  m.version = 1
  expectAgreement(contract, m, ledger)
  expectActionsMatch(contract, m, now)

  for (const cmd of commands) {
    if (cmd.t === 'tick') {
      now = new Date(now.getTime() + cmd.hours * 3_600_000)
      expectActionsMatch(contract, m, now)
      continue
    }
    if (cmd.t === 'timers') {
      // What the worker does with the due timers (R16, R17): each decision as the model expects.
      const current = domain.inProgressMilestone(contract)
      const releases = ref.dueAutoRelease(m, now)
      const released = domain.autoRelease(contract, { subjectId: current?.id ?? 'none' }, ctx())
      expect(released !== null, 'auto-release').toBe(releases !== null)
      if (released && releases) {
        ref.applyRelease(m, releases.id, releases.funded)
        contract = deepFreeze(released.contract)
        ledger.push(...released.ledger)
        count('timers AUTO_RELEASED')
      }
      const expiring = ref.dueExpiry(m, now)
      const requestId = contract.milestones.find((x) => x.extensionRequest)?.extensionRequest?.id ?? 'none'
      const expired = domain.expireExtension(contract, { subjectId: requestId }, ctx())
      expect(expired !== null, 'extension expiry').toBe(expiring !== null)
      if (expired && expiring) {
        expiring.ext = null
        contract = deepFreeze(expired.contract)
        count('timers EXTENSION_EXPIRED')
      }
      expectAgreement(contract, m, ledger)
      expectActionsMatch(contract, m, now)
      continue
    }
    const who = resolveWho(cmd.t, cmd.who)
    const actor = ACTORS[who]
    const requestId = (wrong: boolean) => (wrong ? 'ghost-request' : (m.request?.id ?? 'none'))
    let expected: ref.Expectation | 'OK_CLOSE'
    let result: domain.Result<domain.Outcome>
    let apply: (out: domain.Outcome) => void = () => {}
    let moved = false
    switch (cmd.t) {
      case 'save': {
        const base = cmd.stale ? m.version - 1 : m.version
        const plan = edit(modelPlan(m), cmd.steps, m, now)
        expected = plans.expectSave(m, who, base, plan, now)
        result = domain.savePlan(contract, actor, { baseVersion: base, milestones: plan }, ctx())
        apply = (out) => plans.applyPlan(m, plan, idsOfNew(m, out.contract))
        break
      }
      case 'propose': {
        const base = cmd.stale ? m.version - 1 : m.version
        const plan = edit(modelPlan(m), cmd.steps, m, now)
        expected = plans.expectPropose(m, who, base, plan, now)
        result = domain.proposeChanges(contract, actor, { baseVersion: base, milestones: plan, message: 'please' }, ctx())
        apply = (out) => (m.request = { id: out.contract.changeRequest!.id, base: m.version, plan: plans.normalizePlan(plan) })
        break
      }
      case 'accept': {
        const id = requestId(cmd.wrongId)
        const plan = cmd.modify && m.request ? edit(m.request.plan, cmd.modify, m, now) : undefined
        expected = plans.expectAccept(m, who, id, plan, now)
        const accepted = plan ?? m.request?.plan ?? []
        result = domain.acceptChanges(contract, actor, plan ? { requestId: id, milestones: plan } : { requestId: id }, ctx())
        apply = (out) => {
          plans.applyPlan(m, accepted, idsOfNew(m, out.contract))
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
        result = domain.submitWork(contract, actor, { milestoneId: id, message: 'Done' }, ctx())
        apply = () => ref.applySubmit(m, id, now)
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
      case 'requestChanges':
      case 'withdrawSubmission': {
        const id = pickMilestone(m, cmd.pick, ref.inProgress(m)?.id)
        const client = cmd.t === 'requestChanges'
        expected = ref.expectAnswerSubmission(m, who, client ? 'CLIENT' : 'EXPERT', id, now)
        result = client ? domain.requestWorkChanges(contract, actor, { milestoneId: id, message: 'Fix it' }, ctx()) : domain.withdrawSubmission(contract, actor, { milestoneId: id }, ctx())
        apply = () => ref.applyBackToFunded(m, id)
        break
      }
      case 'extendReview': {
        const id = pickMilestone(m, cmd.pick, ref.inProgress(m)?.id)
        expected = ref.expectExtendReview(m, who, id, cmd.days, now)
        result = domain.extendReview(contract, actor, { milestoneId: id, days: cmd.days, reason: 'Busy' }, ctx())
        apply = () => ref.applyExtendReview(m, id, cmd.days)
        break
      }
      case 'requestExtension': {
        const id = pickMilestone(m, cmd.pick, ref.inProgress(m)?.id)
        expected = ref.expectRequestExtension(m, who, id, cmd.days, now)
        result = domain.requestExtension(contract, actor, { milestoneId: id, days: cmd.days, reason: 'Waiting for assets' }, ctx())
        apply = (out) => {
          const x = m.milestones.find((y) => y.id === id)!
          x.ext = { id: out.contract.milestones.find((y) => y.id === id)!.extensionRequest!.id, days: cmd.days, expires: now.getTime() + domain.EXTENSION_EXPIRY_MS }
        }
        break
      }
      case 'answerExtension': {
        const id = cmd.wrongId ? 'ghost-extension' : (m.milestones.find((x) => x.ext)?.ext?.id ?? 'none')
        expected = ref.expectAnswerExtension(m, who, id, now)
        result = cmd.accept ? domain.acceptExtension(contract, actor, { requestId: id }, ctx()) : domain.declineExtension(contract, actor, { requestId: id }, ctx())
        moved = cmd.accept
        apply = () => ref.applyAnswerExtension(m, id, cmd.accept)
        break
      }
      case 'review': {
        expected = ref.expectReview(m, who, cmd.rating, cmd.timeliness)
        result = domain.leaveReview(contract, actor, { rating: cmd.rating, timelinessRating: cmd.timeliness, comment: '' }, ctx())
        apply = () => m.reviewed.push(ref.roleOfWho(who)!)
        break
      }
    }
    expect(result.ok ? 'OK' : result.error.code, `${cmd.t} by ${who}`).toBe(expected)
    count(`${cmd.t} ${result.ok ? 'OK' : result.error.code}`)
    if (!result.ok) continue
    apply(result.value)
    const before = contract
    contract = deepFreeze(result.value.contract)
    ledger.push(...result.value.ledger)
    expectLocksKept(before, contract, moved)
    expectAgreement(contract, m, ledger)
    expectActionsMatch(contract, m, now)
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
