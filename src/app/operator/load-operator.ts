import 'server-only'
import { notFound } from 'next/navigation'
import { requirePageActor } from '@/server/auth/session'
import { isOperator } from '@/server/operators'
import { logSecurityEvent } from '@/server/security-log'

/**
 * R21: the signed-in operator of an operator page. Signed-out readers go to sign-in and come back
 * to `path`; everyone who is not an operator gets the 404 page, as if the page did not exist.
 */
export async function requirePageOperator(path: string) {
  const actor = await requirePageActor(path)
  if (!(await isOperator({ userId: actor.userId }))) {
    logSecurityEvent({ event: 'authz.refused', status: 404, code: 'NOT_FOUND', userId: actor.userId, method: 'GET', path })
    notFound()
  }
  return actor
}
