import type { Actor } from '@/server/auth/session'

/**
 * Stands in for `@/server/auth/session` in the API tests: `getActor()` answers whoever the test
 * signed in with `signInAs`. Each test file mocks the module with
 * `vi.mock('@/server/auth/session', () => import('./session-mock'))`, so the harness and the route
 * handlers share this module's state.
 */
let current: Actor | null = null

export function signInAs(actor: Actor | null): void {
  current = actor
}

export async function getActor(): Promise<Actor | null> {
  return current
}

export async function requireActor(): Promise<Actor> {
  if (!current) throw new Error('requireActor is not used by the API routes')
  return current
}
