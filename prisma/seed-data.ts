import { createPrismaClient } from '../src/server/db/client'

/** The seeded accounts demo sign-in accepts (DEMO_MODE=1). */
export const DEMO_ACCOUNTS = ['alice@example.com', 'bob@example.com', 'carol@example.com'] as const

const USERS = [
  { email: 'alice@example.com', name: 'Alice Client' },
  { email: 'bob@example.com', name: 'Bob Expert' },
  { email: 'carol@example.com', name: 'Carol Client' },
]

/**
 * Seeds the demo accounts and contracts once. Idempotent: returns false and changes nothing when
 * the demo accounts exist already.
 */
export async function seedDemoData(databaseUrl: string): Promise<boolean> {
  const db = createPrismaClient(databaseUrl, { poolSize: 2, statementTimeoutMs: 30_000, slowQueryMs: 10_000 })
  try {
    if (await db.user.findUnique({ where: { email: USERS[0]!.email } })) return false
    await db.user.createMany({ data: USERS })
    return true
  } finally {
    await db.$disconnect()
  }
}
