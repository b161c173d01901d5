import type { TestProject } from 'vitest/node'
import { distribute } from '@/server/db/distribute'
import { migrate } from '@/server/db/migrate'
import { createEmptyDatabase, startTestServer } from './databases'

declare module 'vitest' {
  // Declaration merging needs an interface here.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    /** The run's migrated database. */
    databaseUrl: string
    /** An administrative URL of the server it lives on, for tests that need databases of their own. */
    serverUrl: string
  }
}

/**
 * One fresh database per run, migrated once, on TEST_DATABASE_URL's server or on an embedded one.
 * Tests seed their own users and contracts with unique emails, so files run in parallel against
 * it without resets.
 */
export default async function setup(project: TestProject) {
  const server = await startTestServer()
  // A Citus cluster (npm run test:citus) is fresh per run and its database already carries the
  // extension on every node: the run uses it directly and distributes the tables after migrating.
  const db = process.env.TEST_CITUS === '1' ? { url: server.url, drop: async () => {} } : await createEmptyDatabase(server.url)
  await migrate({ connectionString: db.url, migrationsDir: 'prisma/migrations' })
  await distribute(db.url)
  project.provide('databaseUrl', db.url)
  project.provide('serverUrl', server.url)
  return async () => {
    await db.drop()
    await server.stop()
  }
}
