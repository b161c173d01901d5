// `npm run bench`: measures Tranche's production build on a real PostgreSQL server, beside the
// framework's floor (route handlers in the same build replaying the app's SQL with bare pg) and the
// machine's limit (the same SQL from bare Node HTTP + bare pg), and writes BENCHMARKS.md and the
// README's bench section. Not part of `npm test`: figures, not assertions.
//
// `npm run bench -- --quick`: shorter loads and fewer contracts (under two minutes); prints the
// report and writes nothing. BENCH_SERVER_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
// names the server; the run creates and drops its own database there. BENCH_PORT (default 3300) is
// the app's port, BENCH_SECONDS the seconds per load. Traffic stays on loopback.
// Parts: setup.ts (data, recorded statements), measures.ts (the loads), report.ts (the page).
import { execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { getDb } from '@/server/db/client'
import { admin, mintSessionCookie, POOL, PORT, startApp, withDatabase } from './app'
import { startBaselineServer } from './baseline'
import { closedCycles, closedReads, openReads, openWrites, planSaves, preflight, renderTimes, settle, writeLanes, type Targets } from './measures'
import { firstLoadJsGzipBytes } from './page-weight'
import { keptProse, readmeWith, renderReport } from './report'
import { prepare, type BenchConfig, type Setup } from './setup'

const quick = process.argv.includes('--quick')
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 3 : 10))
const config: BenchConfig = quick
  ? { quick, seconds, warmup: 50, openWarmupSeconds: 1, renders: { warmup: 30, measured: 20 }, saves: { warmup: 2, measured: 8 } }
  : { quick, seconds, warmup: 300, openWarmupSeconds: 3, renders: { warmup: 100, measured: 50 }, saves: { warmup: 5, measured: 20 } }

const serverUrl = process.env.BENCH_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const dbName = `tranche_bench_${Date.now()}`
const databaseUrl = withDatabase(serverUrl, dbName)
const started = performance.now()
const log = (what: string) => console.log(`bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s: ${what}`)
await admin(serverUrl, `CREATE DATABASE "${dbName}"`)
let app: ChildProcess | undefined
let setup: Setup | undefined
let limit: Awaited<ReturnType<typeof startBaselineServer>> | undefined
try {
  log(`database ${dbName}${quick ? ' (quick)' : ''}`)
  setup = await prepare(databaseUrl, config, log)
  log('statements recorded')

  // The production build, against the same database, with the framework-floor routes mounted.
  if (!existsSync('.next/BUILD_ID')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit', env: setup.env })
  // BENCH_PROFILE=dir writes the app's V8 CPU profiles there (open them in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []
  app = await startApp({ ...setup.env, BENCH_ROUTES: '1', BENCH_STATEMENTS_FILE: setup.statementsFile }, PORT, profile)
  limit = await startBaselineServer(databaseUrl, setup.statements, POOL)
  const appUrl = `http://127.0.0.1:${PORT}`
  const targets: Targets = { appUrl, cookie: await mintSessionCookie(setup.env, 'alice@example.com'), readId: setup.read.id, limitUrl: limit.url }
  const lanes = writeLanes(setup.lanes)
  await preflight(targets, lanes)
  await settle()

  const reads = await closedReads(targets, config)
  log('closed-loop reads')
  const openReadFigures = await openReads(targets, config)
  log('open-loop reads')
  const render = await renderTimes(targets, config)
  const pageJsBytes = await firstLoadJsGzipBytes(`${appUrl}/contracts/${setup.read.id}`, targets.cookie)
  const save = await planSaves(targets, setup.big.id, setup.alice, config)
  log('page render, page weight, plan saves')
  const cycles = await closedCycles(targets, lanes, config)
  log('closed-loop fund → release cycles')
  const openWriteFigures = await openWrites(targets, lanes, config)
  log('open-loop fund / release')

  const figures = { config, reads, cycles, openReads: openReadFigures, openWrites: openWriteFigures, render, save, pageJsBytes, counts: setup.counts }
  const { report, summary } = renderReport(figures, keptProse())
  console.log(report)
  if (quick) console.log('bench: --quick writes nothing (the full run rewrites BENCHMARKS.md and the README section)')
  else {
    writeFileSync('BENCHMARKS.md', report)
    writeFileSync('README.md', readmeWith(readFileSync('README.md', 'utf8'), summary))
  }
  log('done')
} finally {
  app?.kill('SIGTERM')
  await limit?.close()
  if (setup) rmSync(setup.statementsFile, { force: true })
  await getDb().$disconnect()
  await admin(serverUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
}
