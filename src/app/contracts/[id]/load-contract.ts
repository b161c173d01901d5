import 'server-only'
import { notFound } from 'next/navigation'
import { requirePageActor } from '@/server/auth/session'
import { getContract } from '@/server/contracts/get-contract'
import { CommandError } from '@/server/errors'

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
    if (error instanceof CommandError && error.code === 'NOT_FOUND') notFound()
    throw error
  }
}
