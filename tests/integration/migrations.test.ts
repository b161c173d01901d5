import { createHash } from 'node:crypto'
import { cp, mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { Prisma } from '@/generated/prisma/client'
import { migrate, MigrationError, readMigrations } from '@/server/db/migrate'
import { createEmptyDatabase, type TestDatabase } from '../setup/databases'

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

describe('migration runner', () => {
  let db: TestDatabase
  let dir: string
  beforeAll(async () => {
    db = await createEmptyDatabase(inject('serverUrl'))
    dir = await mkdtemp(join(tmpdir(), 'tranche-migrations-'))
    await cp('prisma/migrations', dir, { recursive: true })
  })
  afterAll(async () => {
    await db.drop()
    await rm(dir, { recursive: true, force: true })
  })

  it('applies every migration on an empty database, then nothing on a second run', async () => {
    const files = await readMigrations(dir)
    expect(await migrate({ connectionString: db.url, migrationsDir: dir })).toEqual(files.map((f) => f.name))
    expect(await migrate({ connectionString: db.url, migrationsDir: dir })).toEqual([])
  })

  it("records Prisma's ledger rows: sha256 checksum of the file, finished, one step, uuid id", async () => {
    const rows = await query<{ id: string; checksum: string; migration_name: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null; logs: string | null }>(
      db.url,
      'SELECT * FROM "_prisma_migrations" ORDER BY migration_name',
    )
    const files = await readMigrations(dir)
    expect(rows).toHaveLength(files.length)
    for (const [i, file] of files.entries()) {
      const sql = await readFile(join(dir, file.name, 'migration.sql'), 'utf8')
      expect(rows[i]).toMatchObject({
        migration_name: file.name,
        checksum: createHash('sha256').update(sql).digest('hex'),
        applied_steps_count: 1,
        rolled_back_at: null,
        logs: null,
      })
      expect(rows[i]?.finished_at).toBeInstanceOf(Date)
      expect(rows[i]?.id).toMatch(/^[0-9a-f-]{36}$/)
    }
  })

  it('applies a new migration added later, in order', async () => {
    await cp(join(dir, (await readMigrations(dir))[0]!.name), join(dir, '29990101000000_later'), { recursive: true })
    await writeFile(join(dir, '29990101000000_later', 'migration.sql'), 'CREATE TABLE "Later" ("id" INTEGER);\n')
    expect(await migrate({ connectionString: db.url, migrationsDir: dir })).toEqual(['29990101000000_later'])
  })

  it('refuses to run when an applied migration file has changed', async () => {
    await appendFile(join(dir, '29990101000000_later', 'migration.sql'), '-- edited\n')
    await expect(migrate({ connectionString: db.url, migrationsDir: dir })).rejects.toThrow(MigrationError)
    await expect(migrate({ connectionString: db.url, migrationsDir: dir })).rejects.toThrow(/was changed after it was applied/)
  })

  it('rolls back a failing migration whole and records nothing for it', async () => {
    const other = await createEmptyDatabase(inject('serverUrl'))
    try {
      const broken = await mkdtemp(join(tmpdir(), 'tranche-broken-'))
      await cp('prisma/migrations', broken, { recursive: true })
      await cp(join(broken, (await readMigrations(broken))[0]!.name), join(broken, '29990101000000_broken'), { recursive: true })
      await writeFile(join(broken, '29990101000000_broken', 'migration.sql'), 'CREATE TABLE "Half" ("id" INTEGER);\nSELECT nonsense_column FROM "Half";\n')
      await expect(migrate({ connectionString: other.url, migrationsDir: broken })).rejects.toThrow(/29990101000000_broken failed/)
      const names = await query<{ migration_name: string }>(other.url, 'SELECT migration_name FROM "_prisma_migrations"')
      expect(names.map((r) => r.migration_name)).not.toContain('29990101000000_broken')
      const half = await query<{ n: string }>(other.url, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'Half'`)
      expect(half[0]?.n).toBe('0')
      await rm(broken, { recursive: true, force: true })
    } finally {
      await other.drop()
    }
  })
})

describe('migrated schema matches schema.prisma', () => {
  it('has a column for every scalar field of every model', async () => {
    const columns = await query<{ table_name: string; column_name: string }>(
      inject('databaseUrl'),
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    )
    const have = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`))
    const enums = Prisma as unknown as Record<string, Record<string, string>>
    for (const model of Object.values(Prisma.ModelName)) {
      const fields = enums[`${model}ScalarFieldEnum`]
      expect(fields, model).toBeDefined()
      for (const field of Object.values(fields!)) expect(have, `${model}.${field}`).toContain(`${model}.${field}`)
    }
  })
})

describe('storage', () => {
  it('keeps rate-limit counters in an unlogged table: no WAL flush for a count', async () => {
    const rows = await query<{ persistence: string }>(inject('databaseUrl'), `SELECT relpersistence AS "persistence" FROM pg_class WHERE oid = '"RateLimit"'::regclass`)
    expect(rows).toEqual([{ persistence: 'u' }])
  })

  it('keeps plan snapshots as json, stored as sent, not converted to jsonb on every funding', async () => {
    const rows = await query<{ type: string }>(inject('databaseUrl'), `SELECT data_type AS "type" FROM information_schema.columns WHERE table_name = 'PlanVersion' AND column_name = 'milestones'`)
    expect(rows).toEqual([{ type: 'json' }])
  })

  it('compresses large values with lz4 where the server has it, and keeps the default where it has not', async () => {
    const url = inject('databaseUrl')
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    let hasLz4 = true
    try {
      await client.query('CREATE TEMP TABLE lz4_probe (value text COMPRESSION lz4)')
    } catch (error) {
      expect((error as { code?: string }).code).toBe('0A000')
      hasLz4 = false
    } finally {
      await client.end()
    }
    const rows = await query<{ column: string; compression: string }>(
      url,
      `SELECT attrelid::regclass::text || '.' || attname AS "column", attcompression AS "compression"
       FROM pg_attribute WHERE (attrelid, attname) IN (('"IdempotencyKey"'::regclass, 'responseBody'), ('"PlanVersion"'::regclass, 'milestones'),
         ('"ChangeRequest"'::regclass, 'milestones'), ('"ChangeRequest"'::regclass, 'rounds')) ORDER BY 1`,
    )
    const expected = hasLz4 ? 'l' : ''
    expect(rows).toEqual([
      { column: '"ChangeRequest".milestones', compression: expected },
      { column: '"ChangeRequest".rounds', compression: expected },
      { column: '"IdempotencyKey".responseBody', compression: expected },
      { column: '"PlanVersion".milestones', compression: expected },
    ])
  })
})
