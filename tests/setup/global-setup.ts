import type { TestProject } from 'vitest/node'
import { migrate } from '@/server/db/migrate'
import { createEmptyDatabase } from './databases'

declare module 'vitest' {
  // Declaration merging needs an interface here.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    databaseUrl: string
  }
}

/**
 * One fresh database per run, migrated once. Tests seed their own users and contracts with unique
 * emails, so files run in parallel against it without resets.
 */
export default async function setup(project: TestProject) {
  const db = await createEmptyDatabase()
  await migrate({ connectionString: db.url, migrationsDir: 'prisma/migrations' })
  project.provide('databaseUrl', db.url)
  return async () => {
    await db.drop()
  }
}
