import { randomUUID } from 'node:crypto'
import type { Actor, PlanEntry } from '@/domain/types'
import type { Cents } from '@/domain/money'
import { getDb } from '@/server/db/client'
import { createContract } from '@/server/contracts/create-contract'

/** A user with a unique email, so tests never see each other's data. */
export async function createUser(overrides: { name?: string } = {}): Promise<Actor & { email: string }> {
  const email = `user-${randomUUID()}@test.tranche`
  const user = await getDb().user.create({ data: { email, name: overrides.name ?? 'Test User' } })
  return { userId: user.id, email }
}

export function entry(overrides: Partial<PlanEntry> = {}): PlanEntry {
  return { title: 'Milestone', description: '', amountCents: 10_000 as Cents, dueDate: null, ...overrides }
}

/** A fresh client, expert and outsider, and an open contract between the first two. */
export async function createContractScenario(milestones: PlanEntry[] = [entry({ title: 'Design' }), entry({ title: 'Build', amountCents: 20_000 as Cents })]) {
  const [client, expert, outsider] = await Promise.all([createUser({ name: 'Client' }), createUser({ name: 'Expert' }), createUser({ name: 'Outsider' })])
  const contract = await createContract({ actor: client, title: 'Test contract', expertEmail: expert.email, milestones })
  return { client, expert, outsider, contract }
}

/** R21: one of the operators OPERATOR_EMAILS names in the test environment (tests/setup/integration-env.ts). */
export async function createOperator(n: 1 | 2 = 1): Promise<Actor & { email: string }> {
  const email = `operator-${n}@test.tranche`
  const user = await getDb().user.upsert({ where: { email }, create: { email, name: `Operator ${n}` }, update: {} })
  return { userId: user.id, email }
}
