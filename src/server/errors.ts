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
export type EdgeErrorCode = 'UNAUTHENTICATED' | 'RATE_LIMITED' | 'CROSS_SITE_REQUEST'

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
