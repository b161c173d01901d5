// Load generators, loopback only, recording every latency.
// Closed loop: `connections` workers each send requests back to back (throughput at saturation;
// latency there is set by Little's law). Open loop: requests leave on a fixed schedule whatever the
// answers, and each latency runs from its scheduled send time, so a stall is not hidden by the
// requests it held back (no coordinated omission).
import { Agent, request } from 'node:http'

/** `failures`: how many answers of each error status (599: no answer, or none within TIMEOUT_MS). */
export type LoadResult = { requests: number; errors: number; failures: Record<number, number>; seconds: number; rps: number; p50: number; p99: number; exhausted: number; latencies: number[] }

export type OpenLoopResult = { offered: number; requests: number; errors: number; failures: Record<number, number>; p50: number; p99: number; max: number }

export type Step = { method: string; path: string; body?: unknown; headers?: Record<string, string> }

/** A request that has not answered after this long counts as an error (status 599). */
const TIMEOUT_MS = 30_000

export async function runLoad(options: {
  baseUrl: string
  connections: number
  durationMs: number
  maxRequests?: number
  cookie?: string
  /** Worker `w`'s `i`-th request; undefined ends that worker (counted in `exhausted`). */
  next: (worker: number, i: number) => Step | undefined
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const latencies: number[] = []
  const failures: Record<number, number> = {}
  let exhausted = 0
  const started = performance.now()
  const deadline = started + options.durationMs
  let issued = 0
  await Promise.all(
    Array.from({ length: options.connections }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline && issued < (options.maxRequests ?? Infinity); i++) {
        const step = options.next(worker, i)
        if (!step) {
          exhausted++
          return
        }
        issued++
        const t0 = performance.now()
        const status = await send(agent, options.baseUrl, step, options.cookie)
        latencies.push(performance.now() - t0)
        if (status >= 400) failures[status] = (failures[status] ?? 0) + 1
      }
    }),
  )
  agent.destroy()
  const seconds = (performance.now() - started) / 1000
  return { requests: latencies.length, errors: count(failures), failures, seconds, rps: latencies.length / seconds, exhausted, latencies, ...percentiles(latencies) }
}

/** Several loads of one system as one: throughput over their whole time, percentiles over every latency. */
export function combineLoads(loads: LoadResult[]): LoadResult {
  const latencies = loads.flatMap((l) => l.latencies)
  const seconds = loads.reduce((sum, l) => sum + l.seconds, 0)
  const failures: Record<number, number> = {}
  for (const l of loads) for (const [status, n] of Object.entries(l.failures)) failures[Number(status)] = (failures[Number(status)] ?? 0) + n
  const exhausted = loads.reduce((sum, l) => sum + l.exhausted, 0)
  return { requests: latencies.length, errors: count(failures), failures, seconds, rps: latencies.length / seconds, exhausted, latencies, ...percentiles(latencies) }
}

/**
 * Open loop: request `k` is due at start + k / `rate` seconds and leaves then, answered or not the
 * ones before it (a late timer sends the overdue ones at once). Latency = answer − due time.
 */
export async function runOpenLoop(options: {
  baseUrl: string
  rate: number
  durationMs: number
  cookie?: string
  /** The `k`-th request; undefined ends the run early. */
  next: (k: number) => Step | undefined
}): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 })
  const latencies: number[] = []
  const inFlight: Promise<void>[] = []
  const failures: Record<number, number> = {}
  const interval = 1000 / options.rate
  const total = Math.floor(options.durationMs / interval)
  const start = performance.now() + 5
  for (let k = 0; k < total; k++) {
    const due = start + k * interval
    const wait = due - performance.now()
    if (wait > 0.5) await new Promise((resolve) => setTimeout(resolve, wait))
    const step = options.next(k)
    if (!step) break
    inFlight.push(
      send(agent, options.baseUrl, step, options.cookie).then((status) => {
        latencies.push(performance.now() - due)
        if (status >= 400) failures[status] = (failures[status] ?? 0) + 1
      }),
    )
  }
  await Promise.all(inFlight)
  agent.destroy()
  const { p50, p99 } = percentiles(latencies)
  return { offered: options.rate, requests: latencies.length, errors: count(failures), failures, p50, p99, max: Math.max(0, ...latencies) }
}

function count(failures: Record<number, number>): number {
  return Object.values(failures).reduce((a, b) => a + b, 0)
}

export function percentiles(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return { p50: at(0.5), p99: at(0.99) }
}

function send(agent: Agent, baseUrl: string, step: Step, cookie?: string): Promise<number> {
  const url = new URL(step.path, baseUrl)
  const body = step.body === undefined ? undefined : JSON.stringify(step.body)
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: step.method,
        agent,
        timeout: TIMEOUT_MS,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
          ...step.headers,
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(599))
    req.end(body)
  })
}
