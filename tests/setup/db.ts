import { inject } from 'vitest'
import { createPrismaClient } from '@/server/db/client'

/** A Prisma client on the run's migrated test database. */
export function createTestDb() {
  return createPrismaClient(inject('databaseUrl'), { poolSize: 5, statementTimeoutMs: 10_000, slowQueryMs: 5_000 })
}
