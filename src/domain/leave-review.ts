import { requireMember } from './access'
import { fail, ok, type Result } from './errors'
import type { Outcome } from './events'
import { outcome } from './outcome'
import type { Actor, Context, Contract, Review } from './types'

/** A review comment is a paragraph, not an essay. */
export const MAX_COMMENT_LENGTH = 2000

export type LeaveReviewInput = {
  readonly rating: number
  /** Required from the client (rating the expert's deadlines), refused from the expert. */
  readonly timelinessRating?: number | null
  readonly comment: string
}

const isRating = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5

/** After close, each party reviews the other once (R12). */
export function leaveReview(contract: Contract, actor: Actor, input: LeaveReviewInput, ctx: Context): Result<Outcome> {
  const role = requireMember(contract, actor)
  if (!role.ok) return role
  if (contract.status !== 'CLOSED') return fail('CONTRACT_NOT_CLOSED', 'Reviews open when the contract is closed.')
  if (contract.reviews.some((r) => r.authorRole === role.value)) return fail('ALREADY_REVIEWED', 'You already reviewed this contract.')
  if (!isRating(input.rating)) return fail('VALIDATION_FAILED', 'A rating is a whole number from 1 to 5.', { field: 'rating' })
  const timeliness = input.timelinessRating ?? null
  if (role.value === 'CLIENT' && !isRating(timeliness)) {
    return fail('VALIDATION_FAILED', 'Rate how well the expert kept to the deadlines, from 1 to 5.', { field: 'timelinessRating' })
  }
  if (role.value === 'EXPERT' && timeliness !== null) {
    return fail('VALIDATION_FAILED', 'Only the client rates deadlines.', { field: 'timelinessRating' })
  }
  const comment = typeof input.comment === 'string' ? input.comment.trim() : null
  if (comment === null || [...comment].length > MAX_COMMENT_LENGTH) {
    return fail('VALIDATION_FAILED', `A comment is text of at most ${MAX_COMMENT_LENGTH} characters.`, { field: 'comment' })
  }
  const review: Review = { authorRole: role.value, rating: input.rating, timelinessRating: timeliness, comment, createdAt: ctx.now }
  return ok(
    outcome({ ...contract, reviews: [...contract.reviews, review] }, [
      { type: 'REVIEW_LEFT', actorRole: role.value, data: { rating: review.rating, timelinessRating: review.timelinessRating } },
    ]),
  )
}
