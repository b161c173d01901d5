import { requireOpenAs } from './access'
import { fail, ok, type Result } from './errors'
import type { Outcome, Timer } from './events'
import { addCents } from './money'
import { moneyFreeze } from './money-freeze'
import { outcome } from './outcome'
import { checkRequiredText, MAX_SUBMISSION_MESSAGE_LENGTH } from './submit-work'
import type { Actor, Context, Contract, Milestone, Submission } from './types'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** R16: the client is reminded 3 days and 24 hours before the window ends. */
export const REMINDER_LEADS_MS = [3 * DAY_MS, DAY_MS] as const
/** R15: the client may extend a window once, by 1 to 14 days. */
export const MAX_REVIEW_EXTENSION_DAYS = 14
/** A reason is a sentence or a short paragraph. */
export const MAX_REASON_LENGTH = 1_000

/** The due kinds of the review window (src/server/jobs/due-kinds.ts). */
export const AUTO_RELEASE = 'AUTO_RELEASE'
export const REVIEW_REMINDER = 'REVIEW_REMINDER'

/**
 * The timers of an open window: the auto-release at its end, and each reminder that is still
 * ahead of `now` (a 1-day window has no 3-day reminder).
 */
export function reviewTimers(milestoneId: string, submission: Submission, now: Date): Timer[] {
  const end = submission.reviewEndsAt.getTime()
  const reminders = REMINDER_LEADS_MS.map((lead) => new Date(end - lead)).filter((at) => at.getTime() > now.getTime())
  return [{ kind: AUTO_RELEASE, subjectId: milestoneId, at: submission.reviewEndsAt }, ...reminders.map((at) => ({ kind: REVIEW_REMINDER, subjectId: milestoneId, at }))]
}

/** Whether the milestone's review window is open at `now`. */
export function isReviewOpen(milestone: Milestone, now: Date): boolean {
  return milestone.state === 'SUBMITTED' && milestone.submission !== null && now.getTime() < milestone.submission.reviewEndsAt.getTime()
}

type Submitted = Milestone & { submission: Submission }

/** The submitted milestone an answer is about, with its window still open. */
function requireOpenWindow(contract: Contract, milestoneId: string, now: Date): Result<Submitted> {
  const milestone = contract.milestones.find((m) => m.id === milestoneId)
  if (!milestone) return fail('NOT_FOUND', 'Milestone not found.', { milestoneId })
  if (milestone.state !== 'SUBMITTED' || !milestone.submission) return fail('NOT_SUBMITTED', 'This milestone has no submission waiting for review.')
  if (!isReviewOpen(milestone, now)) return fail('REVIEW_WINDOW_ENDED', 'The review window has ended: the milestone is being released automatically.')
  return ok(milestone as Submitted)
}

const replace = (contract: Contract, id: string, change: (m: Milestone) => Milestone): Contract => ({
  ...contract,
  milestones: contract.milestones.map((m) => (m.id === id ? change(m) : m)),
})

/** R15: within the window the client asks for changes: the milestone goes back to FUNDED and the window closes. */
export function requestWorkChanges(contract: Contract, actor: Actor, input: { milestoneId: string; message: string }, ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'CLIENT')
  if (!allowed.ok) return allowed
  const milestone = requireOpenWindow(contract, input.milestoneId, ctx.now)
  if (!milestone.ok) return milestone
  const message = checkRequiredText(input.message, 'message', MAX_SUBMISSION_MESSAGE_LENGTH, 'A message')
  if (!message.ok) return message
  return ok(
    outcome(replace(contract, milestone.value.id, (m) => ({ ...m, state: 'FUNDED', submission: null })), [
      { type: 'WORK_CHANGES_REQUESTED', actorRole: 'CLIENT', data: { milestoneId: milestone.value.id, title: milestone.value.title, message: message.value } },
    ]),
  )
}

/** R15: the expert takes back a submission the client has not answered; the milestone is FUNDED again. */
export function withdrawSubmission(contract: Contract, actor: Actor, input: { milestoneId: string }, ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'EXPERT')
  if (!allowed.ok) return allowed
  const milestone = requireOpenWindow(contract, input.milestoneId, ctx.now)
  if (!milestone.ok) return milestone
  return ok(
    outcome(replace(contract, milestone.value.id, (m) => ({ ...m, state: 'FUNDED', submission: null })), [
      { type: 'SUBMISSION_WITHDRAWN', actorRole: 'EXPERT', data: { milestoneId: milestone.value.id, title: milestone.value.title } },
    ]),
  )
}

/** R15: once per submission the client extends the window by 1–14 days, with a reason. */
export function extendReview(contract: Contract, actor: Actor, input: { milestoneId: string; days: number; reason: string }, ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'CLIENT')
  if (!allowed.ok) return allowed
  const days: unknown = input.days
  if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > MAX_REVIEW_EXTENSION_DAYS) {
    return fail('VALIDATION_FAILED', `Extend the review by 1 to ${MAX_REVIEW_EXTENSION_DAYS} days.`, { field: 'days' })
  }
  const reason = checkRequiredText(input.reason, 'reason', MAX_REASON_LENGTH, 'A reason')
  if (!reason.ok) return reason
  const milestone = requireOpenWindow(contract, input.milestoneId, ctx.now)
  if (!milestone.ok) return milestone
  if (milestone.value.submission.extendedDays > 0) return fail('REVIEW_ALREADY_EXTENDED', 'The review window of this submission was already extended once.')
  const submission: Submission = {
    ...milestone.value.submission,
    reviewEndsAt: new Date(milestone.value.submission.reviewEndsAt.getTime() + (days as number) * DAY_MS),
    extendedDays: days as number,
  }
  return ok(
    outcome(
      replace(contract, milestone.value.id, (m) => ({ ...m, submission })),
      [
        {
          type: 'REVIEW_EXTENDED',
          actorRole: 'CLIENT',
          data: { milestoneId: milestone.value.id, title: milestone.value.title, days: days as number, reason: reason.value, reviewEndsAt: submission.reviewEndsAt.toISOString() },
        },
      ],
      [],
      reviewTimers(milestone.value.id, submission, ctx.now),
    ),
  )
}

/**
 * Whether nothing may auto-release now: a close settlement is waiting for the expert (R16), or a
 * dispute is open (R21: `moneyFreeze`, the rule every money command asks). A dispute always
 * settles the disputed milestone, so no window is left to re-arm when it ends.
 */
export function isAutoReleaseHeld(contract: Contract): boolean {
  return contract.closeProposal !== null || !moneyFreeze(contract).ok
}

/**
 * R16, the AUTO_RELEASE timer: when the window of the submitted milestone `milestoneId` has ended
 * unanswered, the system releases its whole funded amount. Null when there is nothing to do: the
 * client answered, the expert withdrew, the window was extended or is a newer one still open, the
 * contract closed, or a settlement is pending (declining it sets the timer again).
 */
export function autoRelease(contract: Contract, timer: { subjectId: string }, ctx: Context): Outcome | null {
  if (contract.status !== 'OPEN' || isAutoReleaseHeld(contract)) return null
  const milestone = contract.milestones.find((m) => m.id === timer.subjectId)
  if (!milestone || milestone.state !== 'SUBMITTED' || !milestone.submission) return null
  if (ctx.now.getTime() < milestone.submission.reviewEndsAt.getTime()) return null
  const amount = milestone.fundedCents
  const next: Contract = {
    ...replace(contract, milestone.id, (m) => ({ ...m, state: 'RELEASED', releasedCents: amount, releasedAt: ctx.now, extensionRequest: null })),
    escrow: { ...contract.escrow, releasedCents: addCents(contract.escrow.releasedCents, amount) },
  }
  return outcome(
    next,
    [{ type: 'AUTO_RELEASED', actorRole: 'SYSTEM', data: { milestoneId: milestone.id, title: milestone.title, amountCents: amount } }],
    [{ kind: 'RELEASE', amountCents: amount, milestoneId: milestone.id }],
  )
}

/**
 * R16, the REVIEW_REMINDER timer: reminds the client that the window of `milestoneId` ends soon.
 * Only a timer of the current window (3 days or 24 hours before its end) reminds, and only once.
 */
export function remindReview(contract: Contract, timer: { subjectId: string; at: Date }, ctx: Context): Outcome | null {
  if (contract.status !== 'OPEN' || isAutoReleaseHeld(contract)) return null
  const milestone = contract.milestones.find((m) => m.id === timer.subjectId)
  if (!milestone || !isReviewOpen(milestone, ctx.now) || !milestone.submission) return null
  const submission = milestone.submission
  const current = REMINDER_LEADS_MS.some((lead) => submission.reviewEndsAt.getTime() - lead === timer.at.getTime())
  if (!current || ctx.now.getTime() < timer.at.getTime()) return null
  if (submission.lastReminderAt && submission.lastReminderAt.getTime() >= timer.at.getTime()) return null
  return outcome(replace(contract, milestone.id, (m) => ({ ...m, submission: { ...submission, lastReminderAt: timer.at } })), [
    {
      type: 'REVIEW_REMINDER',
      actorRole: 'SYSTEM',
      data: { milestoneId: milestone.id, title: milestone.title, amountCents: milestone.fundedCents, reviewEndsAt: submission.reviewEndsAt.toISOString() },
    },
  ])
}

/**
 * R16: after a close settlement ends without settling (declined), a window that ran out meanwhile
 * releases at once: the auto-release timer of the submitted milestone, due at its window's end.
 */
export function pendingAutoReleaseTimers(contract: Contract): Timer[] {
  return contract.milestones.filter((m) => m.state === 'SUBMITTED' && m.submission).map((m) => ({ kind: AUTO_RELEASE, subjectId: m.id, at: m.submission!.reviewEndsAt }))
}
