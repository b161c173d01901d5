// `npm run bench`: measures Tranche's production build on a real PostgreSQL server, beside a
// bare-pg baseline, and writes BENCHMARKS.md. Not part of `npm test`: figures, not assertions.
//
// BENCH_SERVER_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names the server; the
// run creates and drops its own database there. Traffic stays on loopback.
import { execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import type { Cents } from '@/domain/money'
import type { PlanEntry } from '@/domain/types'
import { createContract } from '@/server/contracts/create-contract'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { getContract } from '@/server/contracts/get-contract'
import { releasePayment } from '@/server/contracts/release-payment'
import { savePlan } from '@/server/contracts/save-plan'
import { getDb, watchQueries, type QueryRecord } from '@/server/db/client'
import { migrate } from '@/server/db/migrate'
import { admin, appEnv, cannon, CONNECTIONS, demoSignIn, fundReleaseCycle, POOL, replaceBetweenMarkers, SECONDS, startApp, withDatabase, type Cannon } from './app'
import { startBaselineServer } from './baseline'
import { percentiles, runLoad } from './load'
import { firstLoadJsGzipBytes } from './page-weight'

const serverUrl = process.env.BENCH_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const PORT = 3300

const dbName = `tranche_bench_${Date.now()}`
const databaseUrl = withDatabase(serverUrl, dbName)
await admin(serverUrl, `CREATE DATABASE "${dbName}"`)
const env = appEnv(databaseUrl, PORT)
Object.assign(process.env, env, { NODE_ENV: 'test' })
let app: ChildProcess | undefined
try {
  console.log(`bench: database ${dbName}`)
  await migrate({ connectionString: databaseUrl, migrationsDir: 'prisma/migrations' })
  execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'prisma/seed.ts'], { stdio: 'inherit', env })
  const alice = { userId: (await getDb().user.findUniqueOrThrow({ where: { email: 'alice@example.com' } })).id }

  // Contracts to drive: small ones for reads and money cycles, large ones for the plan save.
  const plan = (n: number, prefix: string): PlanEntry[] =>
    Array.from({ length: n }, (_, i) => ({ title: `${prefix} ${i + 1}`, amountCents: (1_000 + i) as Cents, description: '', dueDate: null }))
  const small = await createContract({ actor: alice, title: 'Bench read', expertEmail: 'bob@example.com', milestones: plan(10, 'Task') })
  const big = await createContract({ actor: alice, title: 'Bench 500', expertEmail: 'bob@example.com', milestones: plan(500, 'Step') })
  // One after another: fifty 200-milestone creates at once would wait past the transaction timeout.
  const cycles = []
  for (let i = 0; i < CONNECTIONS; i += 1) {
    cycles.push(await createContract({ actor: alice, title: `Bench cycle ${i}`, expertEmail: 'bob@example.com', milestones: plan(200, 'Part') }))
  }

  // SQL statements per request, in-process, for a small and a large plan.
  const statementsFor = async (work: () => Promise<unknown>) => {
    const seen: QueryRecord[] = []
    const stop = watchQueries((q) => seen.push(q))
    await work()
    stop()
    return seen
  }
  const readSmall = await statementsFor(() => getContract({ actor: alice, contractId: small.id }))
  const readBig = await statementsFor(() => getContract({ actor: alice, contractId: big.id }))
  const fundSmall = await statementsFor(() => fundMilestone({ actor: alice, contractId: small.id, milestoneId: small.milestones[0]!.id }))
  const releaseSmall = await statementsFor(() => releasePayment({ actor: alice, contractId: small.id, milestoneId: small.milestones[0]!.id, amountCents: 1_000 }))
  const bigView = await getContract({ actor: alice, contractId: big.id })
  const fundBig = await statementsFor(() => fundMilestone({ actor: alice, contractId: big.id, milestoneId: bigView.milestones[0]!.id }))
  const reversed = (view: Awaited<ReturnType<typeof getContract>>) =>
    view.milestones.filter((m) => m.state === 'UPCOMING').reverse().map((m) => ({ id: m.id, title: `${m.title}*`, amountCents: m.amountCents as Cents }))
  const current = await getContract({ actor: alice, contractId: small.id })
  const saveSmall = await statementsFor(() => savePlan({ actor: alice, contractId: small.id, baseVersion: current.planVersion, milestones: reversed(current) }))
  const currentBig = await getContract({ actor: alice, contractId: big.id })
  const saveBig = await statementsFor(() => savePlan({ actor: alice, contractId: big.id, baseVersion: currentBig.planVersion, milestones: reversed(currentBig) }))

  // The production build, against the same database.
  if (!existsSync('.next/BUILD_ID')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit', env })
  // BENCH_PROFILE=dir writes the app's V8 CPU profiles there (open them in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []
  app = await startApp(env, PORT, profile)
  const baseUrl = `http://127.0.0.1:${PORT}`
  const cookie = await demoSignIn(baseUrl, 'alice@example.com')

  const read = await cannon(`${baseUrl}/api/contracts/${small.id}`, cookie)
  const baseline = await startBaselineServer(databaseUrl, readSmall, POOL)
  const raw = await cannon(baseline.url, undefined)
  await baseline.close()

  // Fund → release cycles: each connection works through its own contract's milestones.
  const views = await Promise.all(cycles.map((c) => getContract({ actor: alice, contractId: c.id })))
  const cycle = await fundReleaseCycle(baseUrl, cookie, views)

  // A 500-milestone plan save (every row moves and changes), one at a time.
  const saveTimes: number[] = []
  for (let i = 0; i < 15; i++) {
    const view = await getContract({ actor: alice, contractId: big.id })
    const t0 = performance.now()
    const res = await fetch(`${baseUrl}/api/contracts/${big.id}/milestones`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ baseVersion: view.planVersion, milestones: reversed(view) }),
    })
    saveTimes.push(performance.now() - t0)
    if (!res.ok) throw new Error(`plan save failed: ${res.status} ${await res.text()}`)
  }
  const save = percentiles(saveTimes)
  const pageJs = await firstLoadJsGzipBytes(`${baseUrl}/contracts/${small.id}`, cookie)

  const report = renderReport({ read, raw, cycle, save, pageJs, statements: { readSmall, readBig, fundSmall, fundBig, releaseSmall, saveSmall, saveBig } })
  writeFileSync('BENCHMARKS.md', report)
  writeReadmeFigures(report)
  console.log(report)
} finally {
  app?.kill('SIGTERM')
  await getDb().$disconnect()
  await admin(serverUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
}

function renderReport(r: {
  read: Cannon
  raw: Cannon
  cycle: Awaited<ReturnType<typeof runLoad>>
  save: { p50: number; p99: number }
  pageJs: number
  statements: Record<string, QueryRecord[]>
}): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`
  const s = r.statements
  const kb = (r.pageJs / 1024).toFixed(1)
  return `# Benchmarks

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${availableParallelism()} cores, Node ${process.version},
PostgreSQL on loopback, the production build (\`next start\`, one instance, pool of ${POOL}), ${CONNECTIONS} connections,
${SECONDS} s per load test. Rerun it to refresh this page; the numbers move with the machine.

| what | throughput | p50 | p99 | vs baseline | target |
|---|---|---|---|---|---|
| workspace read \`GET /api/contracts/{id}\` (10 milestones) | ${r.read.rps.toFixed(0)} req/s | ${ms(r.read.p50)} | ${ms(r.read.p99)} | ${(r.read.rps / r.raw.rps).toFixed(2)}× | ≥ 0.5×, p99 < 50 ms |
| baseline: same SQL, bare \`pg\` + bare Node HTTP | ${r.raw.rps.toFixed(0)} req/s | ${ms(r.raw.p50)} | ${ms(r.raw.p99)} | 1.00× | |
| fund → release cycle (${r.cycle.requests} requests, ${r.cycle.errors} errors) | ${r.cycle.rps.toFixed(0)} req/s | ${ms(r.cycle.p50)} | ${ms(r.cycle.p99)} | | p99 < 50 ms |
| 500-milestone plan save (all rows moved and edited), sequential | | ${ms(r.save.p50)} | ${ms(r.save.p99)} | | < 200 ms |

Errors in the read rows: app ${r.read.errors}, baseline ${r.raw.errors}.

## SQL statements per request (transaction control included)

| request | 10 milestones | 500 milestones |
|---|---|---|
| workspace read | ${s.readSmall!.length} | ${s.readBig!.length} |
| fund | ${s.fundSmall!.length} | ${s.fundBig!.length} |
| release | ${s.releaseSmall!.length} | |
| plan save (reverse + edit all) | ${s.saveSmall!.length} | ${s.saveBig!.length} |

## Page weight

Workspace page first-load JavaScript: **${kb} KB gzip** (every script the page loads, gzipped; target ≤ 150 KB).

## Where the time goes

\`BENCH_PROFILE=/some/dir npm run bench\` writes the app's V8 CPU profile there; open it in Chrome
DevTools (Performance → Load profile) to see which code the figures above are spent in.
`
}

/** The main table of the report, also written into README.md between the bench markers. */
function writeReadmeFigures(report: string) {
  const table = report.slice(report.indexOf('| what |'), report.indexOf('\n\n', report.indexOf('| what |')))
  const stamp = report.split('\n').slice(2, 5).join('\n')
  const figures = `${stamp}\n\n${table}\n\nThe whole report, with SQL statements per request and page weight: \`BENCHMARKS.md\`.`
  writeFileSync('README.md', replaceBetweenMarkers(readFileSync('README.md', 'utf8'), 'bench', figures))
}
