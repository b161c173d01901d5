import 'server-only'
import { createHash, randomUUID } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import pg from 'pg'

/**
 * Applies `prisma/migrations/<name>/migration.sql` in order and records each one in Prisma's own
 * `_prisma_migrations` ledger exactly as `prisma migrate deploy` does (same table, same sha256
 * checksum of the file, same advisory lock), so either tool sees the other's work. We need our own
 * runner because the Prisma CLI's schema engine cannot be downloaded on offline machines.
 */

/** The advisory lock key `prisma migrate` takes, so our runner and Prisma's never overlap. */
const PRISMA_MIGRATE_LOCK = 72707369

const CREATE_LEDGER = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`

export type MigrationFile = { name: string; sql: string; checksum: string }

export class MigrationError extends Error {
  override name = 'MigrationError'
}

/** Reads the migration folders in name order (names start with a timestamp). */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    }),
  )
}

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }

/**
 * Applies every pending migration, each in its own transaction, under Prisma's advisory lock.
 * Refuses to run when an applied migration's file has changed or a previous run failed half-way.
 * Returns the names it applied (empty when the database is up to date).
 */
export async function migrate(options: { connectionString: string; migrationsDir: string }): Promise<string[]> {
  const migrations = await readMigrations(options.migrationsDir)
  const client = new pg.Client({ connectionString: options.connectionString })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK])
    try {
      await client.query(CREATE_LEDGER)
      const { rows } = await client.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
      )
      const applied = new Map(rows.map((row) => [row.migration_name, row]))
      for (const row of rows) {
        if (row.finished_at === null) {
          throw new MigrationError(`Migration ${row.migration_name} failed earlier; resolve it before migrating again.`)
        }
        const file = migrations.find((m) => m.name === row.migration_name)
        if (file && file.checksum !== row.checksum) {
          throw new MigrationError(`Migration ${row.migration_name} was changed after it was applied.`)
        }
      }
      const pending = migrations.filter((m) => !applied.has(m.name))
      for (const migration of pending) await applyOne(client, migration)
      return pending.map((m) => m.name)
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK])
    }
  } finally {
    await client.end()
  }
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  await client.query('BEGIN')
  try {
    await client.query(migration.sql)
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    )
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`)
  }
}
