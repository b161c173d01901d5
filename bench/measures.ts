// `npm run bench`, part 2: each measurement, warmed up first. Figures, not assertions.
import { getContract } from '@/server/contracts/get-contract'
import { getDb } from '@/server/db/client'
import { cannon, CONNECTIONS, type Cannon } from './app'
import { appWriteStep, floorWriteStep, fundReleaseLanes, replayWriteStep, type CycleContract, type CycleRequest } from './cycle'
import { percentiles, runLoad, runOpenLoop, type LoadResult, type OpenLoopResult, type Step } from './load'
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
    const { body } = replayWriteStep('')(lanes.limit(0)!)
    await check(`${t.limitUrl}/write`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  }
}

/** Closed-loop workspace reads (autocannon, 50 connections): the app's route, the floor's, the limit's. */
export async function closedReads(t: Targets, config: BenchConfig): Promise<Trio<Cannon>> {
  const measure = async (url: string, cookie?: string) => {
    await cannon(url, cookie, { amount: config.warmup })
    return cannon(url, cookie, { seconds: config.seconds })
  }
  return {
    app: await measure(`${t.appUrl}/api/contracts/${t.readId}`, t.cookie),
    floor: await measure(`${t.appUrl}/api/bench/contracts/${t.readId}`),
    limit: await measure(`${t.limitUrl}/read`),
  }
}

/** Lanes of the write measurements: the app's own milestones; the replays go round their contracts. */
export type WriteLanes = { app10: CycleContract[][]; app500: CycleContract[][]; appOpen: CycleContract[][]; floor: CycleContract[][]; limit: CycleContract[][] }

/** The fund → release cycle, closed loop, one connection per lane. */
export async function closedCycle(baseUrl: string, cookie: string | undefined, lanes: (lane: number) => CycleRequest | undefined, step: (r: CycleRequest) => Step, config: BenchConfig): Promise<LoadResult> {
  const next = (worker: number) => {
    const request = lanes(worker)
    return request && step(request)
  }
  await runLoad({ baseUrl, cookie, connections: CONNECTIONS, durationMs: 120_000, maxRequests: config.warmup, next })
  return runLoad({ baseUrl, cookie, connections: CONNECTIONS, durationMs: config.seconds * 1000, next })
}

/** Closed-loop cycles: the app on 10- and 500-milestone plans, the floor and the limit on 10. */
export async function closedCycles(t: Targets, lanes: ReturnType<typeof writeLanes>, config: BenchConfig) {
  await drainJobs()
  const app = await closedCycle(t.appUrl, t.cookie, lanes.app10, appWriteStep, config)
  await drainJobs()
  const floor = await closedCycle(t.appUrl, undefined, lanes.floor, floorWriteStep, config)
  await drainJobs()
  const limit = await closedCycle(t.limitUrl, undefined, lanes.limit, replayWriteStep('/write'), config)
  await drainJobs()
  const app500 = await closedCycle(t.appUrl, t.cookie, lanes.app500, appWriteStep, config)
  await drainJobs()
  return { trio: { app, floor, limit } satisfies Trio<LoadResult>, app500 }
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
  await drainJobs()
  const app = await openLoop(t.appUrl, t.cookie, OPEN_WRITE_RATE, steps(lanes.appOpen, appWriteStep), config)
  await drainJobs()
  const floor = await openLoop(t.appUrl, undefined, OPEN_WRITE_RATE, steps(lanes.floor, floorWriteStep), config)
  await drainJobs()
  const limit = await openLoop(t.limitUrl, undefined, OPEN_WRITE_RATE, steps(lanes.limit, replayWriteStep('/write')), config)
  await drainJobs()
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
 * Waits until the worker has run what fell due (timers, webhook deliveries), so one load does not
 * pay for the last one's. Emails are written by every command but wait unsent: the bench runs as a
 * deployment without SMTP_URL, where nothing claims them. Gives up after a minute.
 */
export async function drainJobs() {
  for (let i = 0; i < 240; i++) {
    const [{ due }] = await getDb().$queryRaw<[{ due: number }]>`
      SELECT count(*)::int AS "due" FROM "Job" WHERE "doneAt" IS NULL AND "redactedAt" IS NULL AND "runAt" <= now() AND "kind" <> 'EMAIL'`
    if (due === 0) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  console.warn('bench: the job queue did not drain within a minute; measuring anyway')
}
