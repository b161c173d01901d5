import type { DomainErrorCode } from '../../src/domain/errors'
import { addDays } from '../../src/domain/dates'
import type { IsoDate, MilestoneState, PlanEntry, Role } from '../../src/domain/types'

/**
 * The reference model for tests/unit/model.test.ts: a deliberately plain re-statement of the
 * rules in PRODUCT.md, written without looking at how src/domain is built. Money is plain numbers
 * summed from the ledger the model keeps itself.
 */
export type ModelMilestone = {
  id: string
  state: MilestoneState
  title: string
  description: string
  amount: number
  dueDate: IsoDate | null
  funded: number
  released: number
  /** R15: the open review window's end (ms), kept after release like the domain's submission. */
  reviewEnds: number | null
  /** R15: the one extension of this window, in days (0: none). */
  extended: number
  /** R17: the pending extension request. */
  ext: { id: string; days: number; expires: number } | null
}

export type Model = {
  open: boolean
  version: number
  milestones: ModelMilestone[]
  deposited: number
  released: number
  refunded: number
  balance: number
  request: { id: string; base: number; plan: PlanEntry[] } | null
  proposal: { refund: number } | null
  reviewed: Role[]
}

export type Who = 'client' | 'expert' | 'outsider'
export const roleOfWho = (who: Who): Role | null => (who === 'client' ? 'CLIENT' : who === 'expert' ? 'EXPERT' : null)

/** What a command should answer: OK or the exact error code. */
export type Expectation = DomainErrorCode | 'OK'

export const held = (m: Model) => m.deposited - m.released - m.refunded
export const inProgress = (m: Model) => m.milestones.find((x) => x.state === 'FUNDED' || x.state === 'SUBMITTED')
export const upcoming = (m: Model) => m.milestones.filter((x) => x.state === 'UPCOMING')

/** Who may act at all, and whether the contract is open: the same first three checks everywhere. */
export function guard(m: Model, who: Who, role: Role | null): Expectation | null {
  if (who === 'outsider') return 'NOT_FOUND'
  if (role && roleOfWho(who) !== role) return 'FORBIDDEN_FOR_ROLE'
  if (!m.open) return 'CONTRACT_CLOSED'
  return null
}

/** Whether the pending request leaves milestone `x` exactly as it is, as its first entry. */
export function requestKeeps(m: Model, x: ModelMilestone): boolean {
  const first = m.request?.plan[0]
  if (!m.request) return true
  return (
    first !== undefined &&
    first.id === x.id &&
    first.title === x.title &&
    (first.description ?? '') === x.description &&
    first.amountCents === x.amount &&
    (first.dueDate ?? null) === x.dueDate
  )
}

export function expectFund(m: Model, who: Who, id: string): Expectation {
  const g = guard(m, who, 'CLIENT')
  if (g) return g
  const x = m.milestones.find((y) => y.id === id)
  if (!x) return 'NOT_FOUND'
  if (m.proposal) return 'CLOSE_PROPOSAL_PENDING'
  if (x.state !== 'UPCOMING') return 'MILESTONE_LOCKED'
  if (inProgress(m)) return 'ANOTHER_MILESTONE_IN_PROGRESS'
  if (upcoming(m)[0]?.id !== id) return 'NOT_NEXT_MILESTONE'
  if (!requestKeeps(m, x)) return 'CHANGE_REQUEST_PENDING'
  return 'OK'
}

/** R4, restated: the balance pays first; a deposit is 0 or at least 500. */
export function applyFund(m: Model, id: string): void {
  const x = m.milestones.find((y) => y.id === id)!
  const rest = x.amount - m.balance
  const deposit = rest <= 0 ? 0 : Math.max(rest, 500)
  m.deposited += deposit
  m.balance = m.balance + deposit - x.amount
  x.state = 'FUNDED'
  x.funded = x.amount
  m.version += 1
  if (m.request) m.request = { ...m.request, base: m.version, plan: m.request.plan.slice(1) }
}

export function expectSubmit(m: Model, who: Who, id: string): Expectation {
  const g = guard(m, who, 'EXPERT')
  if (g) return g
  const x = m.milestones.find((y) => y.id === id)
  if (!x) return 'NOT_FOUND'
  return x.state === 'FUNDED' ? 'OK' : 'MILESTONE_NOT_IN_PROGRESS'
}

export function expectRelease(m: Model, who: Who, id: string, amount: number): Expectation {
  const g = guard(m, who, 'CLIENT')
  if (g) return g
  const x = m.milestones.find((y) => y.id === id)
  if (!x) return 'NOT_FOUND'
  if (m.proposal) return 'CLOSE_PROPOSAL_PENDING'
  if (x.state !== 'FUNDED' && x.state !== 'SUBMITTED') return 'MILESTONE_NOT_IN_PROGRESS'
  if (!Number.isInteger(amount) || amount < 1) return 'VALIDATION_FAILED'
  if (amount > x.funded) return 'RELEASE_EXCEEDS_FUNDED'
  return 'OK'
}

export function applyRelease(m: Model, id: string, amount: number): void {
  const x = m.milestones.find((y) => y.id === id)!
  m.released += amount
  m.balance += x.funded - amount
  x.state = 'RELEASED'
  x.released = amount
  x.ext = null
}

/** OK_CLOSE closes now; OK proposes. */
export function expectClose(m: Model, who: Who, refund: number | undefined): Expectation | 'OK_CLOSE' {
  const g = guard(m, who, null)
  if (g) return g
  if (m.proposal) return 'CLOSE_PROPOSAL_PENDING'
  if (refund !== undefined && (!Number.isInteger(refund) || refund < 0)) return 'VALIDATION_FAILED'
  if (refund !== undefined && refund > held(m)) return 'REFUND_EXCEEDS_HELD'
  if (held(m) === 0) return 'OK_CLOSE'
  if (who === 'expert') return refund === undefined || refund === held(m) ? 'OK_CLOSE' : 'VALIDATION_FAILED'
  return refund === undefined ? 'VALIDATION_FAILED' : 'OK'
}

/** Pays out what is held: the release first to the milestone in progress, then the rest. */
export function applySettlement(m: Model, refund: number): void {
  const release = held(m) - refund
  const current = inProgress(m)
  if (current) {
    const part = Math.min(release, current.funded)
    current.state = part > 0 ? 'RELEASED' : 'REFUNDED'
    current.released = part
    current.ext = null
  }
  m.released += release
  m.refunded += refund
  m.balance = 0
  m.open = false
  m.request = null
  m.proposal = null
}

export function expectAnswerClose(m: Model, who: Who): Expectation {
  return guard(m, who, 'EXPERT') ?? (m.proposal ? 'OK' : 'NO_PENDING_CLOSE_PROPOSAL')
}

export function expectReview(m: Model, who: Who, rating: number, timeliness: number | null): Expectation {
  const role = roleOfWho(who)
  if (!role) return 'NOT_FOUND'
  if (m.open) return 'CONTRACT_NOT_CLOSED'
  if (m.reviewed.includes(role)) return 'ALREADY_REVIEWED'
  const valid = (n: number | null) => n !== null && Number.isInteger(n) && n >= 1 && n <= 5
  if (!valid(rating)) return 'VALIDATION_FAILED'
  if (role === 'CLIENT' ? !valid(timeliness) : timeliness !== null) return 'VALIDATION_FAILED'
  return 'OK'
}

export function expectRequestAnswer(m: Model, who: Who, role: Role, requestId: string): Expectation {
  return guard(m, who, role) ?? (m.request?.id === requestId ? 'OK' : 'NO_PENDING_CHANGE_REQUEST')
}

// ---- R15–R17: the review window and extension requests, with time ------------------------------

const DAY = 86_400_000
/** The model's review window: the scenario's contracts use reviewDays 1, so ticks reach its end. */
export const MODEL_REVIEW_DAYS = 1

function submitted(m: Model, id: string, now: Date): Expectation | ModelMilestone {
  const x = m.milestones.find((y) => y.id === id)
  if (!x) return 'NOT_FOUND'
  if (x.state !== 'SUBMITTED') return 'NOT_SUBMITTED'
  if (now.getTime() >= x.reviewEnds!) return 'REVIEW_WINDOW_ENDED'
  return x
}

/** Request changes (client) or withdraw the submission (expert): only inside the window. */
export function expectAnswerSubmission(m: Model, who: Who, role: Role, id: string, now: Date): Expectation {
  const g = guard(m, who, role)
  if (g) return g
  const x = submitted(m, id, now)
  return typeof x === 'string' ? x : 'OK'
}

export function applyBackToFunded(m: Model, id: string): void {
  const x = m.milestones.find((y) => y.id === id)!
  x.state = 'FUNDED'
  x.reviewEnds = null
  x.extended = 0
}

export function applySubmit(m: Model, id: string, now: Date): void {
  const x = m.milestones.find((y) => y.id === id)!
  x.state = 'SUBMITTED'
  x.reviewEnds = now.getTime() + MODEL_REVIEW_DAYS * DAY
  x.extended = 0
}

export function expectExtendReview(m: Model, who: Who, id: string, days: number, now: Date): Expectation {
  const g = guard(m, who, 'CLIENT')
  if (g) return g
  if (!Number.isInteger(days) || days < 1 || days > 14) return 'VALIDATION_FAILED'
  const x = submitted(m, id, now)
  if (typeof x === 'string') return x
  return x.extended > 0 ? 'REVIEW_ALREADY_EXTENDED' : 'OK'
}

export function applyExtendReview(m: Model, id: string, days: number): void {
  const x = m.milestones.find((y) => y.id === id)!
  x.reviewEnds! += days * DAY
  x.extended = days
}

const pending = (x: ModelMilestone, now: Date) => x.ext !== null && now.getTime() < x.ext.expires

export function expectRequestExtension(m: Model, who: Who, id: string, days: number, now: Date): Expectation {
  const g = guard(m, who, 'EXPERT')
  if (g) return g
  if (!Number.isInteger(days) || days < 1 || days > 90) return 'VALIDATION_FAILED'
  const x = m.milestones.find((y) => y.id === id)
  if (!x) return 'NOT_FOUND'
  if (inProgress(m)?.id !== id) return 'MILESTONE_NOT_IN_PROGRESS'
  if (x.dueDate === null) return 'NO_DUE_DATE'
  return pending(x, now) ? 'EXTENSION_REQUEST_PENDING' : 'OK'
}

export function expectAnswerExtension(m: Model, who: Who, requestId: string, now: Date): Expectation {
  const g = guard(m, who, 'CLIENT')
  if (g) return g
  const x = m.milestones.find((y) => y.ext?.id === requestId)
  return x && pending(x, now) && x.dueDate !== null ? 'OK' : 'NO_PENDING_EXTENSION_REQUEST'
}

export function applyAnswerExtension(m: Model, requestId: string, accept: boolean): void {
  const x = m.milestones.find((y) => y.ext?.id === requestId)!
  if (accept) x.dueDate = addDays(x.dueDate!, x.ext!.days)
  x.ext = null
}

/** R16: what the AUTO_RELEASE timer of the milestone in progress does now: its full release, or nothing. */
export function dueAutoRelease(m: Model, now: Date): ModelMilestone | null {
  const x = inProgress(m)
  if (!m.open || m.proposal || !x || x.state !== 'SUBMITTED' || now.getTime() < x.reviewEnds!) return null
  return x
}

/** R17: the extension request whose expiry is due now, if any. */
export function dueExpiry(m: Model, now: Date): ModelMilestone | null {
  return m.milestones.find((x) => x.ext !== null && now.getTime() >= x.ext.expires) ?? null
}
