import 'server-only'
import { notFound } from 'next/navigation'
import { requirePageActor } from '@/server/auth/session'
import { getContract } from '@/server/contracts/get-contract'
import { CommandError } from '@/server/errors'
import { logSecurityEvent } from '@/server/security-log'

/**
 * The contract for a page under /contracts/[id]: signed-out readers go to sign-in and come back to
 * `path`; outsiders and unknown ids get the 404 page (they never learn the contract exists).
 */
export async function loadContract(contractId: string, path: string) {
  const actor = await requirePageActor(path)
  try {
    const contract = await getContract({ actor: { userId: actor.userId }, contractId })
    return { actor, contract }
  } catch (error) {
    if (error instanceof CommandError && error.code === 'NOT_FOUND') {
      // The page's twin of the API's refused authorization: an outsider, or an id that names nothing.
      logSecurityEvent({ event: 'authz.refused', status: 404, code: 'NOT_FOUND', userId: actor.userId, method: 'GET', path })
      notFound()
    }
    throw error
  }
}
