import 'server-only'
import { z } from 'zod'
import type { DomainErrorCode } from '@/domain/errors'
import { CommandError, EdgeError, type EdgeErrorCode } from './errors'

/** Every error code has exactly one status; a new code without one here does not compile. */
export const STATUS: Record<DomainErrorCode | EdgeErrorCode, number> = {
  VALIDATION_FAILED: 422,
  AMOUNT_BELOW_MINIMUM: 422,
  AMOUNT_ABOVE_MAXIMUM: 422,
  DUE_DATE_IN_PAST: 422,
  RELEASE_EXCEEDS_FUNDED: 422,
  REFUND_EXCEEDS_HELD: 422,
  OFFER_EXCEEDS_HELD: 422,
  UNAUTHENTICATED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  TOKEN_SCOPE: 403,
  FORBIDDEN_FOR_ROLE: 403,
  CROSS_SITE_REQUEST: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  MILESTONE_LOCKED: 409,
  NOT_NEXT_MILESTONE: 409,
  ANOTHER_MILESTONE_IN_PROGRESS: 409,
  CHANGE_REQUEST_PENDING: 409,
  NO_PENDING_CHANGE_REQUEST: 409,
  STALE_PLAN_VERSION: 409,
  MILESTONE_NOT_IN_PROGRESS: 409,
  CONTRACT_CLOSED: 409,
  CONTRACT_NOT_CLOSED: 409,
  CLOSE_PROPOSAL_PENDING: 409,
  NO_PENDING_CLOSE_PROPOSAL: 409,
  ALREADY_REVIEWED: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  DISPUTE_OPEN: 409,
  DISPUTE_NOT_OPEN: 409,
  DISPUTE_ALREADY_ESCALATED: 409,
  DISPUTE_NOT_ESCALATED: 409,
  OFFER_SUPERSEDED: 409,
  OFFER_AWAITING_ANSWER: 409,
  NOT_SUBMITTED: 409,
  REVIEW_WINDOW_ENDED: 409,
  REVIEW_ALREADY_EXTENDED: 409,
  EXTENSION_REQUEST_PENDING: 409,
  NO_PENDING_EXTENSION_REQUEST: 409,
  NO_DUE_DATE: 409,
  WEBHOOK_DISABLED: 409,
  WEBHOOK_LIMIT_REACHED: 409,
}

export type ErrorBody = { error: { code: string; message: string; details?: unknown } }

export function errorResponse(code: DomainErrorCode | EdgeErrorCode, message: string, details?: unknown): Response {
  const body: ErrorBody = { error: details === undefined ? { code, message } : { code, message, details } }
  return Response.json(body, { status: STATUS[code] })
}

/**
 * The one mapping from anything a handler throws to the API's error body: refused commands keep
 * their code, zod failures become 422 with field errors, anything else is logged and becomes a 500
 * that reveals nothing.
 */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof EdgeError) {
    const response = errorResponse(error.code, error.message)
    if (error.retryAfterSeconds !== undefined) response.headers.set('Retry-After', String(error.retryAfterSeconds))
    return response
  }
  if (error instanceof CommandError) return errorResponse(error.code, error.message, error.details)
  if (error instanceof z.ZodError) {
    // A problem with the request as a whole (too large, not JSON) is the message itself.
    const [only, ...rest] = error.issues
    const message = only && rest.length === 0 && only.path.length === 0 ? only.message : 'The request is not valid.'
    return errorResponse('VALIDATION_FAILED', message, z.flattenError(error))
  }
  console.error('[http] unexpected error', error)
  return Response.json({ error: { code: 'INTERNAL', message: 'Something went wrong on our side.' } }, { status: 500 })
}
