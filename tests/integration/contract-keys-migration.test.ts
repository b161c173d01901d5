import { spawn } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrate, readMigrations } from '@/server/db/migrate'
import { createEmptyDatabase, type TestDatabase } from '../setup/databases'

// The migration that keys contract-owned tables by ("contractId", "id") must move an existing
// database without losing a row: a copy of the demo data in the schema before it, migrated forward.

const KEYS_MIGRATION = '20261202170000_contract_keys'
const TABLES = ['User', 'Account', 'VerificationToken', 'RateLimit', 'Contract', 'Milestone', 'ChangeRequest', 'LedgerEntry', 'IdempotencyKey', 'ActivityEvent', 'Review']

let source: TestDatabase
let old: TestDatabase
let before: pg.Client
let dir: string
let through: string

async function connect(url: string) {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {}) // the database is dropped with FORCE at the end
  await client.connect()
  return client
}

async function columns(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`, [table])
  return rows.map((r) => r.column_name)
}

/** A fingerprint of a table's rows over the given columns, independent of physical order. */
async function fingerprint(client: pg.Client, table: string, cols: string[]): Promise<{ count: number; hash: string }> {
  const list = cols.map((c) => `"${c}"`).join(', ')
  const { rows } = await client.query<{ count: number; hash: string }>(
    `SELECT count(*)::int AS count, coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') AS hash FROM (SELECT ${list} FROM "${table}") r`,
  )
  return rows[0]!
}

beforeAll(async () => {
  source = await createEmptyDatabase(inject('serverUrl'))
  old = await createEmptyDatabase(inject('serverUrl'))
  await migrate({ connectionString: source.url, migrationsDir: 'prisma/migrations' })
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'prisma/seed.ts'], { env: { ...process.env, DATABASE_URL: source.url }, stdio: 'ignore' })
      .on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed exited with ${code}`)))),
  )
  // The schema as it was before the keys migration.
  dir = await mkdtemp(join(tmpdir(), 'tranche-old-schema-'))
  for (const m of await readMigrations('prisma/migrations')) {
    if (m.name >= KEYS_MIGRATION) break
    await cp(join('prisma/migrations', m.name), join(dir, m.name), { recursive: true })
  }
  await migrate({ connectionString: old.url, migrationsDir: dir })
  // ...and up to this migration only: later ones (the job table replacing "OutboxEmail") have their own tests.
  through = await mkdtemp(join(tmpdir(), 'tranche-keys-schema-'))
  for (const m of await readMigrations('prisma/migrations')) {
    if (m.name > KEYS_MIGRATION) break
    await cp(join('prisma/migrations', m.name), join(through, m.name), { recursive: true })
  }

  // Copy the demo data, table by table, over the columns the old schema has.
  const from = await connect(source.url)
  before = await connect(old.url)
  for (const table of TABLES) {
    const { rows } = await from.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM "${table}" t`)
    for (const { row } of rows) await before.query(`INSERT INTO "${table}" SELECT * FROM jsonb_populate_record(null::"${table}", $1::jsonb)`, [row])
  }
  await from.end()
  // An idempotency key as the old schema kept it: no contract column, the contract in its answer.
  const contract = (await before.query<{ id: string; clientId: string }>(`SELECT id, "clientId" FROM "Contract" LIMIT 1`)).rows[0]!
  await before.query(
    `INSERT INTO "IdempotencyKey" (id, "userId", endpoint, key, "requestHash", "statusCode", "responseBody") VALUES ('k1', $1, 'fund', 'key-1', 'h', 200, $2)`,
    [contract.clientId, JSON.stringify({ id: contract.id, title: 'x' })],
  )
}, 120_000)

afterAll(async () => {
  await before?.end()
  await source?.drop()
  await old?.drop()
  await rm(dir, { recursive: true, force: true })
  await rm(through, { recursive: true, force: true })
})

describe(`${KEYS_MIGRATION} on a copy of the demo data`, () => {
  it('keeps every row of every table, unchanged, and gives idempotency keys their contract', async () => {
    const expected = new Map<string, { count: number; hash: string }>()
    for (const table of TABLES) expected.set(table, await fingerprint(before, table, await columns(before, table)))
    expect(expected.get('Milestone')!.count).toBeGreaterThan(5)
    expect(expected.get('LedgerEntry')!.count).toBeGreaterThan(3)

    const oldColumns = new Map<string, string[]>()
    for (const table of TABLES) oldColumns.set(table, await columns(before, table))
    expect(await migrate({ connectionString: old.url, migrationsDir: through })).toContain(KEYS_MIGRATION)

    for (const table of TABLES) expect(await fingerprint(before, table, oldColumns.get(table)!), table).toEqual(expected.get(table))
    const key = (await before.query(`SELECT k."contractId", c."clientId" = k."userId" AS "sameUser" FROM "IdempotencyKey" k JOIN "Contract" c ON c.id = k."contractId"`)).rows
    expect(key).toEqual([{ contractId: expect.any(String), sameUser: true }])
  })

  it('keys every contract-owned table by ("contractId", "id")', async () => {
    const { rows } = await before.query<{ table: string; key: string }>(`
      SELECT c.conrelid::regclass::text AS "table", string_agg(a.attname, ',' ORDER BY k.ord) AS key
      FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace GROUP BY c.conrelid`)
    const keys = Object.fromEntries(rows.map((r) => [r.table.replaceAll('"', ''), r.key]))
    for (const table of ['Milestone', 'ChangeRequest', 'LedgerEntry', 'IdempotencyKey', 'ActivityEvent', 'Review']) expect(keys[table], table).toBe('contractId,id')
    expect(keys.Contract).toBe('id')
  })

  it('no foreign key cascades updates, and the ledger reaches its milestone through the contract', async () => {
    const { rows } = await before.query<{ name: string; upd: string; cols: string }>(`
      SELECT conname AS name, confupdtype AS upd, pg_get_constraintdef(oid) AS cols FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`)
    const owners = ['Contract_', 'Milestone_', 'ChangeRequest_', 'LedgerEntry_', 'IdempotencyKey_', 'ActivityEvent_', 'Review_']
    const contractOwned = rows.filter((r) => owners.some((owner) => r.name.startsWith(owner)))
    expect(contractOwned.length).toBeGreaterThan(10)
    expect(contractOwned.filter((r) => r.upd !== 'a').map((r) => r.name)).toEqual([])
    expect(rows.find((r) => r.name === 'LedgerEntry_contractId_milestoneId_fkey')?.cols).toBe('FOREIGN KEY ("contractId", "milestoneId") REFERENCES "Milestone"("contractId", id) ON DELETE RESTRICT')
  })
})
