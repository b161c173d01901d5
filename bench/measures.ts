// `npm run bench`, part 2: each measurement, warmed up first. Figures, not assertions.
import { getContract } from '@/server/contracts/get-contract'
import { getDb } from '@/server/db/client'
import { cannon, CONNECTIONS, type Cannon } from './app'
import { appWriteStep, floorWriteStep, fundReleaseLanes, replayWriteStep, type CycleContract, type CycleRequest } from './cycle'
import { combineLoads, percentiles, runLoad, runOpenLoop, type LoadResult, type OpenLoopResult, type Step } from './load'
import { OPEN_READ_RATE, OPEN_WRITE_LANES, OPEN_WRITE_RATE, reversedPlan, type BenchConfig } from './setup'

/** The same measurement of the app, its framework floor and the machine's limit. */
export type Trio<T> = { app: T; floor: T; limit: T }

/** Where each system answers: the app's base URL (signed in with `cookie`), the floor's routes, the limit's server. */
export type Targets = { appUrl: string; cookie: string; readId: string; limitUrl: string }

/**
 * One read from each system and one fund and release through each replay, before any load: a
 * build without the framework-floor routes (rebuild: npm run build) or a replay the database
 * refuses stops the run here instead of filling the tables with errors.
 */
export async function preflight(t: Targets, lanes: ReturnType<typeof writeLanes>) {
  const check = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, init)
    if (!res.ok) throw new Error(`bench preflight: ${init.method ?? 'GET'} ${url} answered ${res.status}: ${(await res.text()).slice(0, 500)}`)
  }
  await check(`${t.appUrl}/api/contracts/${t.readId}`, { headers: { cookie: t.cookie } })
  await check(`${t.appUrl}/api/bench/contracts/${t.readId}`)
  await check(`${t.limitUrl}/read`)
  for (let i = 0; i < 2; i++) {
    const floor = floorWriteStep(lanes.floor(0)!)
    await check(`${t.appUrl}${floor.path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...floor.headers }, body: floor.body === undefined ? undefined : JSON.stringify(floor.body) })
    const limit = replayWriteStep(lanes.limit(0)!)
    await check(`${t.limitUrl}${limit.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(limit.body) })
  }
}

/**
 * Closed loops take turns: each system runs for half its time, then every system again in reverse
 * order (A B C D, D C B A), so a machine that slows down or speeds up during the run (a shared VM's
 * neighbours) weighs on every system of a ratio alike instead of on whichever ran then. One turn
 * each in --quick.
 */
const roundsOf = (config: BenchConfig) => (config.quick ? 1 : 2)

/** `measure[k]()` for every k, round after round, every other round in reverse: each system's results. */
async function takingTurns<K extends string, T>(rounds: number, measure: Record<K, () => Promise<T>>): Promise<Record<K, T[]>> {
  const keys = Object.keys(measure) as K[]
  const results = Object.fromEntries(keys.map((k) => [k, [] as T[]])) as Record<K, T[]>
  for (let round = 0; round < rounds; round++) {
    for (const k of round % 2 === 0 ? keys : [...keys].reverse()) results[k].push(await measure[k]())
  }
  return results
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** Rounds of one autocannon load as one: the mean throughput (equal durations), the rounds' median percentiles. */
function combineCannons(runs: Cannon[]): Cannon {
  return {
    rps: runs.reduce((sum, r) => sum + r.rps, 0) / runs.length,
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  }
}

/** Closed-loop workspace reads (autocannon, 50 connections): the app's route, the floor's, the limit's, taking turns. */
export async function closedReads(t: Targets, config: BenchConfig): Promise<Trio<Cannon>> {
  const targets = {
    app: [`${t.appUrl}/api/contracts/${t.readId}`, t.cookie],
    floor: [`${t.appUrl}/api/bench/contracts/${t.readId}`, undefined],
    limit: [`${t.limitUrl}/read`, undefined],
  } as const
  for (const [url, cookie] of Object.values(targets)) await cannon(url, cookie, { amount: config.warmup })
  const rounds = roundsOf(config)
  const runs = await takingTurns(rounds, {
    app: () => cannon(targets.app[0], targets.app[1], { seconds: config.seconds / rounds }),
    floor: () => cannon(targets.floor[0], undefined, { seconds: config.seconds / rounds }),
    limit: () => cannon(targets.limit[0], undefined, { seconds: config.seconds / rounds }),
  })
  return { app: combineCannons(runs.app), floor: combineCannons(runs.floor), limit: combineCannons(runs.limit) }
}

/** Lanes of the write measurements: the app's own milestones; the replays go round their contracts. */
export type WriteLanes = { app10: CycleContract[][]; app500: CycleContract[][]; appOpen: CycleContract[][]; floor: CycleContract[][]; limit: CycleContract[][] }

/** A system of the closed-loop cycle: where it answers, as whom, its lanes and its request for a step. */
type CycleSystem = { baseUrl: string; cookie: string | undefined; lanes: (lane: number) => CycleRequest | undefined; step: (r: CycleRequest) => Step }

/** The fund → release cycle, closed loop, one connection per lane, for `seconds` (or `maxRequests`, a warm-up). */
function closedCycle(system: CycleSystem, seconds: number, maxRequests?: number): Promise<LoadResult> {
  const next = (worker: number) => {
    const request = system.lanes(worker)
    return request && system.step(request)
  }
  return runLoad({ baseUrl: system.baseUrl, cookie: system.cookie, connections: CONNECTIONS, durationMs: maxRequests ? 120_000 : seconds * 1000, maxRequests, next })
}

/**
 * Closed-loop cycles: the app on 10- and 500-milestone plans, the floor and the limit on 10, each
 * warmed up, then taking turns; the database settled before each load (settle), so none pays for another's.
 */
export async function closedCycles(t: Targets, lanes: ReturnType<typeof writeLanes>, config: BenchConfig) {
  const systems = {
    app: { baseUrl: t.appUrl, cookie: t.cookie, lanes: lanes.app10, step: appWriteStep },
    floor: { baseUrl: t.appUrl, cookie: undefined, lanes: lanes.floor, step: floorWriteStep },
    limit: { baseUrl: t.limitUrl, cookie: undefined, lanes: lanes.limit, step: replayWriteStep },
    app500: { baseUrl: t.appUrl, cookie: t.cookie, lanes: lanes.app500, step: appWriteStep },
  } satisfies Record<string, CycleSystem>
  for (const system of Object.values(systems)) {
    await settle()
    await closedCycle(system, 0, config.warmup)
  }
  const rounds = roundsOf(config)
  const turn = (system: CycleSystem) => async () => {
    await settle()
    return closedCycle(system, config.seconds / rounds)
  }
  const runs = await takingTurns(rounds, { app: turn(systems.app), floor: turn(systems.floor), limit: turn(systems.limit), app500: turn(systems.app500) })
  await settle()
  return { trio: { app: combineLoads(runs.app), floor: combineLoads(runs.floor), limit: combineLoads(runs.limit) } satisfies Trio<LoadResult>, app500: combineLoads(runs.app500) }
}

/** Each system's lanes, keeping their places across the closed and the open loop. */
export function writeLanes(lanes: WriteLanes) {
  return {
    app10: fundReleaseLanes(lanes.app10, false),
    app500: fundReleaseLanes(lanes.app500, false),
    appOpen: fundReleaseLanes(lanes.appOpen, false),
    floor: fundReleaseLanes(lanes.floor, true),
    limit: fundReleaseLanes(lanes.limit, true),
  }
}

/** Open loop at a fixed rate, after a warm-up at that rate. */
async function openLoop(baseUrl: string, cookie: string | undefined, rate: number, next: (k: number) => Step | undefined, config: BenchConfig) {
  await runOpenLoop({ baseUrl, cookie, rate, durationMs: config.openWarmupSeconds * 1000, next })
  return runOpenLoop({ baseUrl, cookie, rate, durationMs: config.seconds * 1000, next })
}

/** Reads at OPEN_READ_RATE req/s, open loop. */
export async function openReads(t: Targets, config: BenchConfig): Promise<Trio<OpenLoopResult>> {
  const get = (path: string) => () => ({ method: 'GET', path })
  return {
    app: await openLoop(t.appUrl, t.cookie, OPEN_READ_RATE, get(`/api/contracts/${t.readId}`), config),
    floor: await openLoop(t.appUrl, undefined, OPEN_READ_RATE, get(`/api/bench/contracts/${t.readId}`), config),
    limit: await openLoop(t.limitUrl, undefined, OPEN_READ_RATE, get('/read'), config),
  }
}

/** Fund → release at OPEN_WRITE_RATE req/s, open loop: request k is lane k mod OPEN_WRITE_LANES's next. */
export async function openWrites(t: Targets, lanes: ReturnType<typeof writeLanes>, config: BenchConfig): Promise<Trio<OpenLoopResult>> {
  const steps = (of: (lane: number) => CycleRequest | undefined, step: (r: CycleRequest) => Step) => (k: number) => {
    const request = of(k % OPEN_WRITE_LANES)
    return request && step(request)
  }
  await settle()
  const app = await openLoop(t.appUrl, t.cookie, OPEN_WRITE_RATE, steps(lanes.appOpen, appWriteStep), config)
  await settle()
  const floor = await openLoop(t.appUrl, undefined, OPEN_WRITE_RATE, steps(lanes.floor, floorWriteStep), config)
  await settle()
  const limit = await openLoop(t.limitUrl, undefined, OPEN_WRITE_RATE, steps(lanes.limit, replayWriteStep), config)
  await settle()
  return { app, floor, limit }
}

/** Server render of the workspace page, signed in: sequential GETs of its HTML, read to the end. */
export async function renderTimes(t: Targets, config: BenchConfig) {
  const once = async () => {
    const t0 = performance.now()
    const res = await fetch(`${t.appUrl}/contracts/${t.readId}`, { headers: { cookie: t.cookie } })
    await res.text()
    if (!res.ok) throw new Error(`workspace page answered ${res.status}`)
    return performance.now() - t0
  }
  for (let i = 0; i < config.renders.warmup; i++) await once()
  const times: number[] = []
  for (let i = 0; i < config.renders.measured; i++) times.push(await once())
  return percentiles(times)
}

/** A 500-milestone plan save (every row moves and changes), one at a time. */
export async function planSaves(t: Targets, bigId: string, actor: { userId: string }, config: BenchConfig) {
  const times: number[] = []
  for (let i = 0; i < config.saves.warmup + config.saves.measured; i++) {
    const view = await getContract({ actor, contractId: bigId })
    const t0 = performance.now()
    const res = await fetch(`${t.appUrl}/api/contracts/${bigId}/milestones`, {
      method: 'PUT',
      headers: { cookie: t.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ baseVersion: view.planVersion, milestones: reversedPlan(view) }),
    })
    const elapsed = performance.now() - t0
    if (!res.ok) throw new Error(`plan save failed: ${res.status} ${await res.text()}`)
    if (i >= config.saves.warmup) times.push(elapsed)
  }
  return percentiles(times)
}

/**
 * Brings the database to the state each load starts from. The job worker has run what fell due
 * (drainJobs), so one load does not pay for the last one's. And where the server runs with
 * autovacuum off (this machine's does; PostgreSQL's default, and any production server, has it
 * on), the database is vacuumed and analyzed, as autovacuum would have done between loads; those
 * seconds also let the previous load's writing (WAL, dirty pages) finish. Back to back, each load
 * paid for the ones before it (the 500-milestone cycle a quarter slower; BENCHMARKS.md).
 */
export async function settle() {
  await drainJobs()
  const [{ autovacuum }] = await getDb().$queryRaw<[{ autovacuum: string }]>`SELECT current_setting('autovacuum') AS "autovacuum"`
  if (autovacuum === 'off') await getDb().$executeRawUnsafe('VACUUM (ANALYZE)')
}

/**
 * Waits until the worker has run what fell due (timers, webhook deliveries). Emails are written by
 * every command but wait unsent: the bench runs as a deployment without SMTP_URL, where nothing
 * claims them. Gives up after a minute.
 */
async function drainJobs() {
  for (let i = 0; i < 240; i++) {
    const [{ due }] = await getDb().$queryRaw<[{ due: number }]>`
      SELECT count(*)::int AS "due" FROM "Job" WHERE "doneAt" IS NULL AND "redactedAt" IS NULL AND "runAt" <= now() AND "kind" <> 'EMAIL'`
    if (due === 0) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  console.warn('bench: the job queue did not drain within a minute; measuring anyway')
}
