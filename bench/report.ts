// `npm run bench`, part 3: BENCHMARKS.md and the README's bench section, from one run's figures.
// Whether a target is met is computed here from the figures; nothing in the tables is typed in.
// The prose blocks between the profile and tried markers are kept from the BENCHMARKS.md before.
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { CONNECTIONS, POOL, replaceBetweenMarkers, type Cannon } from './app'
import type { LoadResult, OpenLoopResult } from './load'
import type { Trio } from './measures'
import { OPEN_READ_RATE, OPEN_WRITE_RATE, type BenchConfig } from './setup'

export type Figures = {
  config: BenchConfig
  reads: Trio<Cannon>
  cycles: { trio: Trio<LoadResult>; app500: LoadResult }
  openReads: Trio<OpenLoopResult>
  openWrites: Trio<OpenLoopResult>
  render: { p50: number; p99: number }
  save: { p50: number; p99: number }
  pageJsBytes: number
  counts: Record<string, number>
}

/** A table row; a row with `met` is a target, named in the summary by `check` with the figure `measured`. */
type Row = { measure: string; app: string; floor?: string; limit?: string; ratio?: string; target?: string; met?: boolean; check?: string; measured?: string }
type Check = { target: string; measured: string; met: boolean }

const ms = (n: number) => `${n.toFixed(1)} ms`
const rps = (n: number) => `${n.toFixed(0)} req/s`
const times = (n: number) => `${n.toFixed(2)}×`

/** The error count, with the statuses behind it when known: `3 (409×2, 599×1)`. */
function failed(r: { errors: number; failures?: Record<number, number> }): string {
  const statuses = Object.entries(r.failures ?? {}).map(([status, n]) => `${status}×${n}`)
  return statuses.length > 0 ? `${r.errors} (${statuses.join(', ')})` : String(r.errors)
}

function table(rows: Row[]): string {
  const cell = (s: string | undefined) => s ?? '—'
  const met = (m: boolean | undefined) => (m === undefined ? '' : m ? '**yes**' : '**no**')
  return [
    '| measure | app | framework floor | machine limit | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.measure} | ${r.app} | ${cell(r.floor)} | ${cell(r.limit)} | ${cell(r.ratio)} | ${cell(r.target)} | ${met(r.met)} |`),
  ].join('\n')
}

/** Throughput at saturation (closed loop): app ≥ 0.7× the floor, the limit beside it. */
function throughputRows(check: string, what: string, trio: Trio<Cannon | LoadResult>): Row[] {
  const ratio = trio.app.rps / trio.floor.rps
  const errors = (r: Cannon | LoadResult) => `${failed(r)}${'exhausted' in r && r.exhausted > 0 ? ` (${r.exhausted} lanes ran out)` : ''}`
  return [
    { measure: `${what}: throughput`, app: rps(trio.app.rps), floor: rps(trio.floor.rps), limit: rps(trio.limit.rps), ratio: times(ratio), target: '≥ 0.70× floor', met: ratio >= 0.7 && trio.app.errors === 0,
      check: `${check} ≥ 0.70× the framework floor, no errors`, measured: `${times(ratio)} (${rps(trio.app.rps)} vs ${rps(trio.floor.rps)})` },
    { measure: 'p50 / p99 at saturation', app: `${ms(trio.app.p50)} / ${ms(trio.app.p99)}`, floor: `${ms(trio.floor.p50)} / ${ms(trio.floor.p99)}`, limit: `${ms(trio.limit.p50)} / ${ms(trio.limit.p99)}` },
    { measure: 'errors', app: errors(trio.app), floor: errors(trio.floor), limit: errors(trio.limit) },
  ]
}

/** Latency at a fixed offered load (open loop): the app's p99 under `limitMs`. */
function openRows(what: string, trio: Trio<OpenLoopResult>, limitMs: number): Row[] {
  const of = (r: OpenLoopResult) => `${ms(r.p99)} (p50 ${ms(r.p50)})`
  return [
    { measure: `${what}: p99`, app: of(trio.app), floor: of(trio.floor), limit: of(trio.limit), ratio: times(trio.app.p99 / trio.floor.p99), target: `p99 < ${limitMs} ms`, met: trio.app.p99 < limitMs && trio.app.errors === 0,
      check: `${what}, open loop: p99 < ${limitMs} ms, no errors`, measured: `${ms(trio.app.p99)}, ${trio.app.errors} errors` },
    { measure: 'requests / errors', app: `${trio.app.requests} / ${failed(trio.app)}`, floor: `${trio.floor.requests} / ${failed(trio.floor)}`, limit: `${trio.limit.requests} / ${failed(trio.limit)}` },
  ]
}

export function renderReport(f: Figures, keep: { profile: string; tried: string }): { report: string; summary: string } {
  const c = f.counts
  const cycle10 = f.cycles.trio.app
  const lengthRatio = cycle10.rps / f.cycles.app500.rps
  const kb = f.pageJsBytes / 1024
  const sections: [string, Row[]][] = [
    ['1. Workspace read, closed loop', throughputRows('workspace read', '`GET /api/contracts/{id}` (10 milestones)', f.reads)],
    ['2. Fund → release cycle, closed loop (10-milestone plans)', throughputRows('fund → release cycle', 'fund, release, fund… each connection on its own contracts', f.cycles.trio)],
    ['3. Cost independent of plan length', [
      { measure: 'fund → release throughput, 10 vs 500 milestones', app: `${rps(cycle10.rps)} vs ${rps(f.cycles.app500.rps)} (errors: ${failed(f.cycles.app500)})`, ratio: times(lengthRatio), target: '≤ 1.50×',
        met: lengthRatio <= 1.5 && f.cycles.app500.errors === 0 && cycle10.errors === 0,
        check: 'fund → release on 500-milestone plans within 1.5× of 10 (throughput)', measured: `${times(lengthRatio)} (${rps(cycle10.rps)} vs ${rps(f.cycles.app500.rps)})` },
      { measure: '500-milestone plan save (every row moved and edited), sequential: p50', app: `${ms(f.save.p50)} (p99 ${ms(f.save.p99)})`, target: '< 100 ms', met: f.save.p50 < 100, check: '500-milestone plan save p50 < 100 ms', measured: ms(f.save.p50) },
    ]],
    ['4. Latency at a fixed offered load, open loop', [
      ...openRows(`reads at ${OPEN_READ_RATE} req/s`, f.openReads, 25),
      ...openRows(`fund / release at ${OPEN_WRITE_RATE} req/s`, f.openWrites, 50),
    ]],
    ['5. Workspace page', [
      { measure: `server render \`GET /contracts/{id}\` HTML, signed in, ${f.config.renders.measured} sequential: p50`, app: `${ms(f.render.p50)} (p99 ${ms(f.render.p99)})`, target: '< 30 ms', met: f.render.p50 < 30, check: 'workspace page server render p50 < 30 ms', measured: ms(f.render.p50) },
      { measure: 'first-load JavaScript, gzip', app: `${kb.toFixed(1)} KB`, target: '≤ 150 KB', met: kb <= 150, check: 'first-load JavaScript ≤ 150 KB gzip', measured: `${kb.toFixed(1)} KB` },
    ]],
  ]
  const checks: Check[] = sections.flatMap(([title, rows]) =>
    rows.flatMap((r) => (r.met === undefined ? [] : [{ target: `${title.split('.')[0]}. ${r.check}`, measured: r.measured ?? r.app, met: r.met }])),
  )
  const stamp = `Measured by \`npm run bench${f.config.quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${availableParallelism()} cores, Node ${process.version},
PostgreSQL on loopback, the production build (\`next start\`, one instance, pool of ${POOL}), ${CONNECTIONS} connections in the closed
loops, ${f.config.seconds} s per load after a warm-up${f.config.quick ? '' : ' (closed loops in two turns of half each)'}. **${checks.filter((k) => k.met).length} of ${checks.length} targets met.** Rerun it to refresh this page; the numbers move with the machine.`
  const summary = ['| target | measured | met |', '|---|---|---|', ...checks.map((k) => `| ${k.target} | ${k.measured} | ${k.met ? 'yes' : 'no'} |`)].join('\n')
  const report = `# Benchmarks

${stamp}

${summary}

## How to read the tables

- **app**: the production build's own route, signed in with a session cookie, as a client calls it.
- **framework floor**: a route handler in the same build, mounted only with \`BENCH_ROUTES=1\` at the app's own
  path under \`/api/bench\` (\`/api/bench/contracts/{id}\`, \`…/milestones/{mid}/fund\` and \`/release\`), so
  Next.js routes it and hands it its dynamic segments as it does the app's, and sent the app's very request
  (headers and body); it runs the app's own SQL statements for that request on a bare \`pg\` pool: no
  session, no Prisma, no mapping. What Next.js costs around that SQL; the app cannot beat it.
- **machine limit**: the same statements from a bare Node HTTP server with a bare \`pg\` pool (\`bench/baseline.ts\`):
  what this machine and PostgreSQL do with that SQL and nothing else.
- The statements are recorded in-process (\`watchQueries\`) from the services the routes call, every run, so they
  follow the app's SQL as it changes. A write replays as one transaction, \`BEGIN\`, the \`FOR UPDATE\` row lock,
  …, \`COMMIT\`, on the target's own contract and milestone, with fresh ids for the rows it inserts.
- The app runs as a deployment would: no \`DEMO_MODE\` (no demo clock read per request; the bench mints
  its session cookie as sign-in does) and no \`SMTP_URL\`, so the emails every write queues wait unsent.
  The job worker runs what falls due (timers, webhooks) and is drained between loads, and where the server
  runs with autovacuum off (this machine's PostgreSQL; production servers keep PostgreSQL's default, on) the
  database is vacuumed and analyzed before each load, as autovacuum would have done: no load pays for the one
  before (bench/measures.ts, \`settle\`).
- **closed loop**: ${CONNECTIONS} connections, each sending its next request when the last one answers: throughput at
  saturation (latency there is queueing, set by Little's law). The systems of a closed-loop table take turns,
  half the time each, then again in reverse order (A B C D, D C B A), so a machine that drifts during the run
  (this one is a shared VM) weighs on each of them alike.
  **open loop**: requests leave on a fixed schedule
  whatever the answers; latency counts from the scheduled send time, so a stall is not hidden.
- **ratio**: app ÷ framework floor (throughput: higher is better; latency: lower is better); for plan length,
  10-milestone ÷ 500-milestone throughput. **met** is computed from this run's figures.

${sections.map(([title, rows]) => `## ${title}\n\n${table(rows)}`).join('\n\n')}

## SQL statements per request (transaction control included)

| request | 10 milestones | 500 milestones |
|---|---|---|
| workspace read | ${c.readSmall} | ${c.readBig} |
| fund | ${c.fundSmall} | ${c.fundBig} |
| release | ${c.releaseSmall} | ${c.releaseBig} |
| plan save (reverse + edit all) | ${c.saveSmall} | ${c.saveBig} |

## Where the remaining time goes

\`BENCH_PROFILE=/some/dir npm run bench\` writes the app's V8 CPU profile there; open it in Chrome
DevTools (Performance → Load profile) to see which code the figures above are spent in.

<!-- profile:start -->
${keep.profile}
<!-- profile:end -->

## What was tried that did not help

<!-- tried:start -->
${keep.tried}
<!-- tried:end -->
`
  return { report, summary: `${stamp}\n\n${summary}\n\nEvery table, with the framework floor and machine limit beside each figure: \`BENCHMARKS.md\`. \`npm run bench -- --quick\` (under two minutes, writes nothing) for development.` }
}

/** The hand-written blocks of the current BENCHMARKS.md, or placeholders. */
export function keptProse(path = 'BENCHMARKS.md'): { profile: string; tried: string } {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : ''
  const between = (name: string) => {
    const [start, end] = [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`]
    const from = text.indexOf(start)
    const to = text.indexOf(end)
    return from >= 0 && to > from ? text.slice(from + start.length, to).trim() : undefined
  }
  return {
    profile: between('profile') ?? '_To be written from a CPU profile of the app under these loads: where the time per request goes (this block is kept when the bench reruns)._',
    tried: between('tried') ?? '_To be written: what was tried that did not help, with its figure (this block is kept when the bench reruns)._',
  }
}

export function readmeWith(readme: string, summary: string): string {
  return replaceBetweenMarkers(readme, 'bench', summary)
}
