import 'server-only'
import type { Actor } from '@/domain/types'
import { DEMO_OPERATOR } from './auth/demo-accounts'
import { getDb } from './db/client'
import { getEnv, type Env } from './env'
import { CommandError } from './errors'

/** R21: whether an account with this email is an operator: listed in OPERATOR_EMAILS, or the demo's operator in a demo. */
export function isOperatorEmail(email: string, env: Pick<Env, 'OPERATOR_EMAILS' | 'DEMO_MODE'> = getEnv()): boolean {
  const normalized = email.trim().toLowerCase()
  return env.OPERATOR_EMAILS.includes(normalized) || (env.DEMO_MODE && normalized === DEMO_OPERATOR)
}

/** Whether the signed-in user is an operator (read from their account's email, never from the request). */
export async function isOperator(actor: Actor): Promise<boolean> {
  const user = await getDb().user.findUnique({ where: { id: actor.userId }, select: { email: true } })
  return user !== null && isOperatorEmail(user.email)
}

/**
 * Refuses everyone but operators with the same NOT_FOUND as an unknown page or route: a
 * non-operator cannot even learn that the operator pages exist.
 */
export async function requireOperator(actor: Actor): Promise<void> {
  if (!(await isOperator(actor))) throw new CommandError('NOT_FOUND', 'Not found.')
}
