import 'server-only'
import { randomUUID } from 'node:crypto'
import { expiryProblem, type TokenScope } from '@/domain/api-tokens'
import type { Actor } from '@/domain/types'
import { getDb, type Db } from '../db/client'
import { CommandError } from '../errors'
import { generateToken, hashToken } from './token-secret'
import type { TokenView } from './token-view'

/** The answer of POST /api/tokens: the token's view (not yet used) and, this once, the token. */
export type CreatedToken = Omit<TokenView, 'lastUsedAt'> & { token: string }

/**
 * R22: makes a personal API token for the actor. Only its hash is stored; the token is in this
 * answer and nowhere else, ever. An expiry in the past or more than a year ahead is refused (422
 * VALIDATION_FAILED on `expiresAt`).
 */
export async function createToken(
  { actor, name, scope, expiresAt }: { actor: Actor; name: string; scope: TokenScope; expiresAt: Date },
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<CreatedToken> {
  const problem = expiryProblem(expiresAt, now)
  if (problem) throw new CommandError('VALIDATION_FAILED', problem, { formErrors: [], fieldErrors: { expiresAt: [problem] } })
  const token = generateToken()
  const id = randomUUID()
  await db.apiToken.createMany({ data: [{ id, userId: actor.userId, name, scope, tokenHash: hashToken(token), expiresAt, createdAt: now }] })
  return { id, name, scope, expiresAt: expiresAt.toISOString(), createdAt: now.toISOString(), token }
}
