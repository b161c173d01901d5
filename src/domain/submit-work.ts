import { requireOpenAs } from './access'
import { fail, ok, type Result } from './errors'
import type { Outcome } from './events'
import { outcome } from './outcome'
import { reviewTimers } from './review-window'
import type { Actor, Context, Contract, Submission } from './types'

/** R15: a submission's message, 1–5,000 characters. */
export const MAX_SUBMISSION_MESSAGE_LENGTH = 5_000
/** R15: at most 10 links per submission. */
export const MAX_SUBMISSION_LINKS = 10
/** Longer than any real link; keeps a submission from carrying megabytes. */
export const MAX_LINK_LENGTH = 2_000

const DAY_MS = 86_400_000

/** Whether `value` is an absolute https URL (no credentials in it). */
export function isHttpsUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_LINK_LENGTH) return false
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === ''
  } catch {
    return false
  }
}

/** Required text of 1 to `max` characters (after trimming), or VALIDATION_FAILED naming `field`. */
export function checkRequiredText(value: unknown, field: string, max: number, what: string): Result<string> {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '' || [...text].length > max) return fail('VALIDATION_FAILED', `${what} has 1 to ${max.toLocaleString('en-US')} characters.`, { field })
  return ok(text)
}

/**
 * R15: the expert submits the funded milestone with a message and up to 10 https links. It becomes
 * SUBMITTED and the client's review window opens: it ends `reviewDays` after now, when the
 * milestone releases itself unless the client acted (R16). The timers for the end and the
 * reminders are set here.
 */
export function submitWork(contract: Contract, actor: Actor, input: { milestoneId: string; message: string; links?: readonly string[] }, ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'EXPERT')
  if (!allowed.ok) return allowed
  const milestone = contract.milestones.find((m) => m.id === input.milestoneId)
  if (!milestone) return fail('NOT_FOUND', 'Milestone not found.', { milestoneId: input.milestoneId })
  if (milestone.state !== 'FUNDED') {
    return fail('MILESTONE_NOT_IN_PROGRESS', milestone.state === 'SUBMITTED' ? 'Work was already submitted.' : 'Only a funded milestone can be submitted.')
  }
  const message = checkRequiredText(input.message, 'message', MAX_SUBMISSION_MESSAGE_LENGTH, 'A submission message')
  if (!message.ok) return message
  const links: unknown = input.links ?? []
  if (!Array.isArray(links) || links.length > MAX_SUBMISSION_LINKS) return fail('VALIDATION_FAILED', `Add at most ${MAX_SUBMISSION_LINKS} links.`, { field: 'links' })
  if (!links.every(isHttpsUrl)) return fail('VALIDATION_FAILED', 'Links must be https:// URLs.', { field: 'links' })
  const submission: Submission = {
    message: message.value,
    links: [...links],
    submittedAt: ctx.now,
    reviewEndsAt: new Date(ctx.now.getTime() + contract.reviewDays * DAY_MS),
    extendedDays: 0,
    lastReminderAt: null,
  }
  const next: Contract = { ...contract, milestones: contract.milestones.map((m) => (m.id === milestone.id ? { ...m, state: 'SUBMITTED', submittedAt: ctx.now, submission } : m)) }
  return ok(
    outcome(
      next,
      [
        {
          type: 'WORK_SUBMITTED',
          actorRole: 'EXPERT',
          data: { milestoneId: milestone.id, title: milestone.title, message: submission.message, links: [...submission.links], reviewEndsAt: submission.reviewEndsAt.toISOString() },
        },
      ],
      [],
      reviewTimers(milestone.id, submission, ctx.now),
    ),
  )
}
