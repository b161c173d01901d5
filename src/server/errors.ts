import 'server-only'
import { z } from 'zod'
import type { DomainError, DomainErrorCode } from '@/domain/errors'

/**
 * A refused command, thrown inside a service so its transaction rolls back, and turned into the
 * API's error body by `src/server/http.ts`.
 */
export class CommandError extends Error {
  override name = 'CommandError'
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }

  static from(error: DomainError): CommandError {
    return new CommandError(error.code, error.message, error.details)
  }
}

/** Errors that exist only at the edge: no domain rule names them. */
export type EdgeErrorCode =
  /** No session cookie (or one that ended), and no API token. (401) */
  | 'UNAUTHENTICATED'
  /** Too many requests; `Retry-After` says when to try again. (429) */
  | 'RATE_LIMITED'
  /** A cookie-authenticated write from another site. (403) */
  | 'CROSS_SITE_REQUEST'
  /** R22: `Authorization: Bearer` with something that is not a Tranche token, or one no one has. (401) */
  | 'TOKEN_INVALID'
  /** R22: the API token's expiry has passed. (401) */
  | 'TOKEN_EXPIRED'
  /** R22: the API token was revoked (on /settings/tokens, or by "Sign out everywhere"). (401) */
  | 'TOKEN_REVOKED'
  /** R22: a read-only token tried to change something, or a token tried to manage tokens. (403) */
  | 'TOKEN_SCOPE'

export class EdgeError extends Error {
  override name = 'EdgeError'
  constructor(
    readonly code: EdgeErrorCode,
    message: string,
    /** For RATE_LIMITED: sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }
}

/** Malformed input found outside a zod schema (a body that is not JSON): answered like zod's, 422 VALIDATION_FAILED. */
export function invalidInput(message: string): z.ZodError {
  return new z.ZodError([{ code: 'custom', path: [], message, input: undefined }])
}
