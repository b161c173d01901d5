import { fail, ok, type Result } from './errors'
import type { Actor, Contract, Role } from './types'

/** The user's role on this contract, or null for an outsider. */
export function roleOf(contract: Contract, userId: string): Role | null {
  if (userId === contract.clientId) return 'CLIENT'
  if (userId === contract.expertId) return 'EXPERT'
  return null
}

/**
 * The actor's role, if they belong to the contract. An outsider gets NOT_FOUND, not FORBIDDEN,
 * so a stranger cannot even learn that the contract exists.
 */
export function requireMember(contract: Contract, actor: Actor): Result<Role> {
  const role = roleOf(contract, actor.userId)
  return role ? ok(role) : fail('NOT_FOUND', 'Contract not found.')
}

/** The actor must hold `role` on the contract: NOT_FOUND for outsiders, FORBIDDEN_FOR_ROLE for the other party. */
export function requireRole(contract: Contract, actor: Actor, role: Role): Result<Role> {
  const member = requireMember(contract, actor)
  if (!member.ok) return member
  if (member.value !== role) {
    return fail('FORBIDDEN_FOR_ROLE', role === 'CLIENT' ? 'Only the client can do this.' : 'Only the expert can do this.')
  }
  return member
}

/** A closed contract is read-only (R11). */
export function requireOpen(contract: Contract): Result<Contract> {
  return contract.status === 'OPEN' ? ok(contract) : fail('CONTRACT_CLOSED', 'This contract is closed.')
}

/**
 * The guard every state-changing command starts with, in the order the API promises:
 * NOT_FOUND → FORBIDDEN_FOR_ROLE → CONTRACT_CLOSED. `role` null admits either party.
 */
export function requireOpenAs(contract: Contract, actor: Actor, role: Role | null): Result<Role> {
  const member = role ? requireRole(contract, actor, role) : requireMember(contract, actor)
  if (!member.ok) return member
  const open = requireOpen(contract)
  return open.ok ? member : open
}
