// Closed-loop load: `connections` workers each send requests back to back for `durationMs`
// (or `maxRequests` in total), recording every latency. Loopback only.
import { Agent, request } from 'node:http'

export type LoadResult = { requests: number; errors: number; seconds: number; rps: number; p50: number; p99: number }

export type Step = { method: string; path: string; body?: unknown; headers?: Record<string, string> }

export async function runLoad(options: {
  baseUrl: string
  connections: number
  durationMs: number
  maxRequests?: number
  cookie?: string
  /** Worker `w`'s `i`-th request; undefined ends that worker. */
  next: (worker: number, i: number) => Step | undefined
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const latencies: number[] = []
  let errors = 0
  const started = performance.now()
  const deadline = started + options.durationMs
  let issued = 0
  await Promise.all(
    Array.from({ length: options.connections }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline && issued < (options.maxRequests ?? Infinity); i++) {
        const step = options.next(worker, i)
        if (!step) return
        issued++
        const t0 = performance.now()
        const status = await send(agent, options.baseUrl, step, options.cookie)
        latencies.push(performance.now() - t0)
        if (status >= 400) errors++
      }
    }),
  )
  agent.destroy()
  const seconds = (performance.now() - started) / 1000
  return { requests: latencies.length, errors, seconds, rps: latencies.length / seconds, ...percentiles(latencies) }
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
    req.on('error', () => resolve(599))
    req.end(body)
  })
}
