import { spawn } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { migrate, readMigrations } from '@/server/db/migrate'
import { createEmptyDatabase, type TestDatabase } from './databases'

export async function connect(url: string) {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {}) // the database is dropped with FORCE at the end
  await client.connect()
  return client
}

/**
 * A temporary directory with the project's migrations older than `migration` (and `migration`
 * itself when `through`), to migrate a database to the schema just before (or just after) it.
 * The caller removes it.
 */
export async function migrationsBefore(migration: string, { through = false } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tranche-migrations-'))
  for (const m of await readMigrations('prisma/migrations')) {
    if (m.name > migration || (m.name === migration && !through)) break
    await cp(join('prisma/migrations', m.name), join(dir, m.name), { recursive: true })
  }
  return dir
}

/**
 * A migration's test bed: the demo data (seeded on the current schema), copied table by table over
 * the columns the schema had before `migration`, into a database migrated up to just before it.
 * `client` is connected to that database; `migrateThrough` applies `migration` (and none after it);
 * `done` drops both databases.
 */
export async function demoDataBefore(serverUrl: string, migration: string, tables: readonly string[]) {
  const source: TestDatabase = await createEmptyDatabase(serverUrl)
  const old: TestDatabase = await createEmptyDatabase(serverUrl)
  await migrate({ connectionString: source.url, migrationsDir: 'prisma/migrations' })
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'prisma/seed.ts'], { env: { ...process.env, DATABASE_URL: source.url }, stdio: 'ignore' })
      .on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed exited with ${code}`)))),
  )
  const dir = await migrationsBefore(migration)
  const through = await migrationsBefore(migration, { through: true })
  await migrate({ connectionString: old.url, migrationsDir: dir })
  const from = await connect(source.url)
  const client = await connect(old.url)
  for (const table of tables) {
    const { rows } = await from.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM "${table}" t`)
    for (const { row } of rows) await client.query(`INSERT INTO "${table}" SELECT * FROM jsonb_populate_record(null::"${table}", $1::jsonb)`, [row])
  }
  await from.end()
  return {
    client,
    url: old.url,
    migrateThrough: () => migrate({ connectionString: old.url, migrationsDir: through }),
    async done() {
      await client.end()
      await source.drop()
      await old.drop()
      await rm(dir, { recursive: true, force: true })
      await rm(through, { recursive: true, force: true })
    },
  }
}
