// `npm run bench:citus`: the bench's workspace read and fund → release cycle on a single
// PostgreSQL server and on a local Citus cluster (coordinator + 2 workers, PostgreSQL 15 with
// Citus, tables distributed by contract), one after the other on this machine, with the same
// production build, load and data. Writes the table into SCALING.md between the citus-bench markers.
// The single server is BENCH_SERVER_URL (default the machine's PostgreSQL on 127.0.0.1:5432).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { isCitusInstalled, startCitusCluster } from '../scripts/citus/cluster'
import { admin, CONNECTIONS, replaceBetweenMarkers, SECONDS, withDatabase, type Cannon } from './app'
import type { LoadResult } from './load'

type Figures = { read: Cannon; cycle: LoadResult }

if (!isCitusInstalled()) {
  console.error('Citus is not installed into PostgreSQL 15: run `bash ../shared/citus/build.sh` as root (about 2.5 minutes).')
  process.exit(1)
}
if (!existsSync('.next/BUILD_ID')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })

const serverUrl = process.env.BENCH_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const dbName = `tranche_bench_${Date.now()}`
await admin(serverUrl, `CREATE DATABASE "${dbName}"`)
let single: Figures
try {
  single = measure(withDatabase(serverUrl, dbName), false)
} finally {
  await admin(serverUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
}
const cluster = await startCitusCluster({ dataDir: '.data/bench-citus' })
let citus: Figures
try {
  citus = measure(cluster.url, true)
} finally {
  cluster.stop()
}

const row = (what: string, f: Cannon | LoadResult, base: Cannon | LoadResult) =>
  `| ${what} | ${f.rps.toFixed(0)} req/s | ${f.p50.toFixed(1)} ms | ${f.p99.toFixed(1)} ms | ${(f.rps / base.rps).toFixed(2)}× | ${f.errors} |`
const table = `Measured by \`npm run bench:citus\` on ${new Date().toISOString().slice(0, 10)}: ${availableParallelism()} cores, Node ${process.version},
one production build (pool of 10), ${CONNECTIONS} connections, ${SECONDS} s per load, the single server and the three Citus nodes
on this same machine, one after the other.

| what | throughput | p50 | p99 | vs single server | errors |
|---|---|---|---|---|---|
${row('workspace read, single PostgreSQL server', single.read, single.read)}
${row('workspace read, Citus (coordinator + 2 workers)', citus.read, single.read)}
${row('fund → release cycle, single PostgreSQL server', single.cycle, single.cycle)}
${row('fund → release cycle, Citus (coordinator + 2 workers)', citus.cycle, single.cycle)}`
writeFileSync('SCALING.md', replaceBetweenMarkers(readFileSync('SCALING.md', 'utf8'), 'citus-bench', table))
console.log(table)

function measure(databaseUrl: string, distribute: boolean): Figures {
  const run = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'bench/read-cycle.ts'], {
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_DISTRIBUTE: distribute ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  })
  const line = run.stdout.trim().split('\n').findLast((l) => l.startsWith('{'))
  if (run.status !== 0 || !line) throw new Error(`bench target ${databaseUrl} failed (exit ${run.status})`)
  return JSON.parse(line) as Figures
}
