import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { expect, it } from 'vitest'
import { startEmbeddedPostgres } from '@/server/db/embedded'
import { migrate } from '@/server/db/migrate'

it('the embedded server keeps its data across a restart and serves concurrent connections', async () => {
  const dataDir = join(await mkdtemp(join(tmpdir(), 'tranche-embedded-')), 'postgres')
  try {
    const first = await startEmbeddedPostgres({ dataDir })
    await migrate({ connectionString: first.url, migrationsDir: 'prisma/migrations' })
    const pool = new pg.Pool({ connectionString: first.url, max: 5 })
    // pool.end() resolves before its idle connections have closed; the server stopping next ends
    // them with 57P01, which the pool reports as an 'error' event. Anything else still fails the run.
    pool.on('error', (error: Error & { code?: string }) => {
      if (error.code !== '57P01') throw error
    })
    await pool.query(`INSERT INTO "User" (id, email) VALUES ('u1', 'kept@example.com')`)
    await expect(pool.query(`INSERT INTO "User" (id, email) VALUES ('u2', 'kept@example.com')`)).rejects.toThrow(/unique/)
    // A real server: a row lock held by one connection makes another wait (or skip it).
    const holder = await pool.connect()
    await holder.query(`BEGIN; SELECT * FROM "User" WHERE id = 'u1' FOR UPDATE`)
    const skipped = await pool.query(`SELECT id FROM "User" WHERE id = 'u1' FOR UPDATE SKIP LOCKED`)
    expect(skipped.rows).toEqual([])
    const waiting = pool.query(`UPDATE "User" SET name = 'second' WHERE id = 'u1' RETURNING name`)
    await new Promise((resolve) => setTimeout(resolve, 200))
    await holder.query(`UPDATE "User" SET name = 'first' WHERE id = 'u1'; COMMIT`)
    holder.release()
    expect((await waiting).rows).toEqual([{ name: 'second' }])
    await pool.end()
    await first.stop()

    const second = await startEmbeddedPostgres({ dataDir })
    expect(await migrate({ connectionString: second.url, migrationsDir: 'prisma/migrations' })).toEqual([])
    const client = new pg.Client({ connectionString: second.url })
    await client.connect()
    const { rows } = await client.query('SELECT email, name FROM "User"')
    await client.end()
    await second.stop()
    expect(rows).toEqual([{ email: 'kept@example.com', name: 'second' }])
  } finally {
    await rm(join(dataDir, '..'), { recursive: true, force: true })
  }
}, 60_000)

it('starts again after its launcher was killed, shutting down the orphaned server', async () => {
  const dataDir = join(await mkdtemp(join(tmpdir(), 'tranche-embedded-')), 'postgres')
  try {
    // A launcher that starts the server and is then killed with SIGKILL: its server lives on.
    const launcher = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', '-e',
      `import('./src/server/db/embedded.ts').then(async (m) => { await m.startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }); console.log('up') })`,
    ], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve) => launcher.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('up') && resolve()))
    const exited = new Promise((resolve) => launcher.on('exit', resolve))
    launcher.kill('SIGKILL')
    await exited
    const orphan = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0])
    expect(isRunning(orphan)).toBe(true)

    const restarted = await startEmbeddedPostgres({ dataDir })
    const client = new pg.Client({ connectionString: restarted.url })
    await client.connect()
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await client.end()
    await restarted.stop()
    expect(isRunning(orphan)).toBe(false)
  } finally {
    await rm(join(dataDir, '..'), { recursive: true, force: true })
  }
}, 60_000)

/** Running: present in /proc and not a zombie (an orphan's exit is reaped by whoever adopted it). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}
