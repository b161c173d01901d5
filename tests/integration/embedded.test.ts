import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { expect, it } from 'vitest'
import { startEmbeddedPostgres } from '@/server/db/embedded'
import { migrate } from '@/server/db/migrate'

it('the embedded server keeps its data across a restart and serves several connections', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tranche-pglite-'))
  try {
    const first = await startEmbeddedPostgres({ dataDir })
    await migrate({ connectionString: first.url, migrationsDir: 'prisma/migrations' })
    const pool = new pg.Pool({ connectionString: first.url, max: 5 })
    await pool.query(`INSERT INTO "User" (id, email) VALUES ('u1', 'kept@example.com')`)
    // A failed statement must not poison the pool (PGlite allows only one socket by default).
    await expect(pool.query(`INSERT INTO "User" (id, email) VALUES ('u2', 'kept@example.com')`)).rejects.toThrow(/unique/)
    const counts = await Promise.all([1, 2, 3, 4, 5].map(() => pool.query('SELECT count(*)::int AS n FROM "User"')))
    expect(counts.map((r) => r.rows[0].n)).toEqual([1, 1, 1, 1, 1])
    await pool.end()
    await first.stop()

    const second = await startEmbeddedPostgres({ dataDir })
    expect(await migrate({ connectionString: second.url, migrationsDir: 'prisma/migrations' })).toEqual([])
    const client = new pg.Client({ connectionString: second.url })
    await client.connect()
    const { rows } = await client.query('SELECT email FROM "User"')
    await client.end()
    await second.stop()
    expect(rows).toEqual([{ email: 'kept@example.com' }])
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}, 60_000)
