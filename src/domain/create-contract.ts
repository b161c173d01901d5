import { fail, ok, type Result } from './errors'
import type { Outcome } from './events'
import type { Cents } from './money'
import { MAX_TITLE_LENGTH, validatePlan } from './plan'
import type { Context, Contract, Milestone, PlanEntry } from './types'

export type CreateContractInput = {
  readonly clientId: string
  readonly expertId: string
  readonly title: string
  /** The initial plan; entries carry no ids (there is nothing to edit yet). May be empty. */
  readonly milestones: readonly PlanEntry[]
  /** R15: the review window in days, 1–30 (default 14). */
  readonly reviewDays?: number
  /** R19: how long a change request may wait for an answer, 1–30 days (default 7). */
  readonly requestDays?: number
}

/** R15: Upwork's 14 days of client silence. */
export const DEFAULT_REVIEW_DAYS = 14
/** R19: a week to answer a change request. */
export const DEFAULT_REQUEST_DAYS = 7
/** Escrow.com's inspection periods run 1–30 days; so do both settings. */
export const MIN_SETTING_DAYS = 1
export const MAX_SETTING_DAYS = 30

const isDays = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= MIN_SETTING_DAYS && (value as number) <= MAX_SETTING_DAYS

/**
 * The client opens a contract with an expert: OPEN, plan version 1, empty escrow. The initial
 * milestones follow the same rules as any plan save (R1, R10).
 */
export function createContract(input: CreateContractInput, ctx: Context): Result<Outcome> {
  if (input.clientId === input.expertId) return fail('VALIDATION_FAILED', 'You cannot hire yourself.', { field: 'expertId' })
  const title = typeof input.title === 'string' ? input.title.trim() : ''
  if (title === '' || [...title].length > MAX_TITLE_LENGTH) {
    return fail('VALIDATION_FAILED', `A contract title has 1 to ${MAX_TITLE_LENGTH} characters.`, { field: 'title' })
  }
  const reviewDays = input.reviewDays ?? DEFAULT_REVIEW_DAYS
  const requestDays = input.requestDays ?? DEFAULT_REQUEST_DAYS
  if (!isDays(reviewDays)) return fail('VALIDATION_FAILED', `The review window is ${MIN_SETTING_DAYS} to ${MAX_SETTING_DAYS} days.`, { field: 'reviewDays' })
  if (!isDays(requestDays)) return fail('VALIDATION_FAILED', `Requests wait ${MIN_SETTING_DAYS} to ${MAX_SETTING_DAYS} days for an answer.`, { field: 'requestDays' })
  // Against an empty contract any id is unknown, so an entry with an id is refused here.
  const plan = validatePlan([], input.milestones, ctx.now)
  if (!plan.ok) return plan
  const zero = 0 as Cents
  const id = ctx.newId()
  const milestones = plan.value.map(
    (entry): Milestone => ({
      id: ctx.newId(),
      title: entry.title,
      description: entry.description,
      amountCents: entry.amountCents,
      dueDate: entry.dueDate,
      state: 'UPCOMING',
      fundedCents: zero,
      releasedCents: zero,
      fundedAt: null,
      submittedAt: null,
      releasedAt: null,
      submission: null,
      extensionRequest: null,
    }),
  )
  const contract: Contract = {
    id,
    title,
    status: 'OPEN',
    reviewDays,
    requestDays,
    clientId: input.clientId,
    expertId: input.expertId,
    planVersion: 1,
    milestones,
    escrow: { depositedCents: zero, releasedCents: zero, refundedCents: zero, balanceCents: zero },
    changeRequest: null,
    closeProposal: null,
    dispute: null,
    reviews: [],
    createdAt: ctx.now,
    closedAt: null,
  }
  return ok({ contract, events: [{ type: 'CONTRACT_CREATED', actorRole: 'CLIENT', data: { milestoneCount: milestones.length } }], ledger: [] })
}
