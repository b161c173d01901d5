// A local Citus cluster for tests and measurements: a coordinator and two workers, each a
// PostgreSQL 15 data directory under .data/citus (or $TRANCHE_DATA_DIR/citus) on a free loopback
// port, with the `citus` extension in the database `tranche`. Needs Citus installed into the
// machine's PostgreSQL 15 (`bash ../shared/citus/build.sh`, or CITUS_PG_BIN for another build).
// Started fresh each time (the directories are recreated) and stopped on exit.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync, chownSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { freePort } from '../../src/server/db/embedded'

export type CitusCluster = { url: string; workers: string[]; stop: () => void }

const BIN = process.env.CITUS_PG_BIN ?? '/usr/lib/postgresql/15/bin'
const DATABASE = 'tranche'
const isRoot = process.getuid?.() === 0

/** Runs a PostgreSQL binary, as the `postgres` user when we are root (PostgreSQL refuses root). */
function pgBin(name: string, args: string[]) {
  const command = join(BIN, name)
  return isRoot ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' }) : execFileSync(command, args, { stdio: 'pipe' })
}

export function isCitusInstalled(): boolean {
  try {
    const libdir = execFileSync(join(BIN, 'pg_config'), ['--pkglibdir']).toString().trim()
    return existsSync(join(libdir, 'citus.so'))
  } catch {
    return false
  }
}

async function startNode(dir: string): Promise<number> {
  const port = await freePort()
  mkdirSync(dir, { recursive: true })
  if (isRoot) {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres']).toString()))
    chownSync(dir, uid!, gid!)
  }
  pgBin('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'])
  // A throw-away test cluster: trust on loopback only, no fsync.
  writeFileSync(join(dir, 'postgresql.auto.conf'), [
    "shared_preload_libraries = 'citus'",
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    'max_connections = 300',
    'max_prepared_transactions = 200',
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    '',
  ].join('\n'))
  pgBin('pg_ctl', ['-D', dir, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'])
  return port
}

async function sql(port: number, database: string, statement: string) {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database })
  await client.connect()
  try {
    return await client.query(statement)
  } finally {
    await client.end()
  }
}

/** Starts a coordinator and `workers` workers; returns the coordinator's URL for the `tranche` database. */
export async function startCitusCluster(options: { dataDir?: string; workers?: number } = {}): Promise<CitusCluster> {
  const root = resolve(options.dataDir ?? join(process.env.TRANCHE_DATA_DIR ?? '.data', 'citus'))
  stopNodes(root)
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  if (isRoot) execFileSync('chmod', ['o+x', root])
  const names = ['coordinator', ...Array.from({ length: options.workers ?? 2 }, (_, i) => `worker-${i + 1}`)]
  const ports: number[] = []
  const stop = () => stopNodes(root)
  try {
    for (const name of names) ports.push(await startNode(join(root, name)))
    for (const port of ports) {
      await sql(port, 'postgres', `CREATE DATABASE ${DATABASE}`)
      await sql(port, DATABASE, 'CREATE EXTENSION citus')
    }
    const [coordinator, ...workers] = ports
    await sql(coordinator!, DATABASE, `SELECT citus_set_coordinator_host('127.0.0.1', ${coordinator})`)
    for (const port of workers) await sql(coordinator!, DATABASE, `SELECT citus_add_node('127.0.0.1', ${port})`)
    writeFileSync(join(root, 'nodes'), names.map((name, i) => `${name} ${ports[i]}`).join('\n'))
    return {
      url: `postgresql://postgres@127.0.0.1:${coordinator}/${DATABASE}`,
      workers: workers.map((port) => `postgresql://postgres@127.0.0.1:${port}/${DATABASE}`),
      stop,
    }
  } catch (error) {
    stop()
    throw error
  }
}

/** Stops every node that has a data directory under `root` (fast shutdown). */
function stopNodes(root: string) {
  if (!existsSync(join(root, 'nodes'))) {
    for (const name of ['coordinator', 'worker-1', 'worker-2', 'worker-3']) stopNode(join(root, name))
    return
  }
  for (const line of readFileSync(join(root, 'nodes'), 'utf8').split('\n')) stopNode(join(root, line.split(' ')[0]!))
}

function stopNode(dir: string) {
  if (!existsSync(join(dir, 'postmaster.pid'))) return
  try {
    pgBin('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop'])
  } catch {
    // already stopped
  }
}
