import 'server-only'
import { createHash, randomBytes } from 'node:crypto'
import { TOKEN_PREFIX } from '@/domain/api-tokens'

/** A new token: "tr_" and 32 bytes from the OS's CSPRNG in base64url (256 bits). */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
}

/**
 * What the database keeps of a token: its SHA-256, hex. A plain fast hash is the right tool here,
 * unlike for passwords: a token is 256 random bits, so there is nothing to guess from a leaked
 * hash and no dictionary to slow down; a slow KDF (bcrypt, Argon2) would only add its cost to
 * every API request. It also makes the lookup an index probe on the hash, so no comparison of
 * secrets happens in application code, and timing reveals nothing about any token.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}
