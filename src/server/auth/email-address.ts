import 'server-only'
import { z } from 'zod'

/** RFC 5321's limit on a forward path; longer input is not an address we could mail. */
const MAX_EMAIL_LENGTH = 254

const emailSchema = z.email().max(MAX_EMAIL_LENGTH)

/**
 * The one spelling of an address that sign-in, rate limits and the users table agree on:
 * Unicode-normalised, trimmed, lower-cased. Returns null for anything that is not one address.
 */
export function normalizeEmail(input: unknown): string | null {
  if (typeof input !== 'string') return null
  const email = input.normalize('NFKC').trim().toLowerCase()
  return emailSchema.safeParse(email).success ? email : null
}
