// What every bench script shares: the production app's environment, starting it, signing in and
// the closed-loop read load. Figures, not assertions.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'
import pg from 'pg'
import { runLoad, type Step } from './load'

export const CONNECTIONS = 50
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
export const POOL = 10

/** The environment of the production build under load, on `databaseUrl`, served on `port`. */
export function appEnv(databaseUrl: string, port: number) {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DB_POOL_SIZE: String(POOL),
    DB_SLOW_QUERY_MS: '100000',
    NEXTAUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0',
    APP_URL: `http://localhost:${port}`,
    NEXTAUTH_URL: `http://localhost:${port}`,
    DEMO_MODE: '1',
    // Plain http on loopback: a production start allows it only with this (local test runs only).
    ALLOW_INSECURE_HTTP: '1',
    // Load and races as one user, not rate limits: lift the per-user write limit.
    WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
    NODE_ENV: 'production' as const,
    NEXT_TELEMETRY_DISABLED: '1',
  }
}

/** Starts `next start` on `port` with `env`; resolves once /api/health answers. */
export async function startApp(env: NodeJS.ProcessEnv, port: number, extraNodeArgs: string[] = []): Promise<ChildProcess> {
  const app = spawn(process.execPath, [...extraNodeArgs, 'node_modules/next/dist/bin/next', 'start', '-p', String(port)], { env, stdio: 'ignore' })
  await waitFor(`http://127.0.0.1:${port}/api/health`)
  return app
}

export type Cannon = { rps: number; p50: number; p99: number; errors: number }

export async function cannon(url: string, cookie: string | undefined): Promise<Cannon> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: cookie ? { cookie } : {} })
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors }
}

export async function waitFor(url: string) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${url} did not come up`)
}

export async function demoSignIn(baseUrl: string, email: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`)
  const { csrfToken } = (await csrf.json()) as { csrfToken: string }
  const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const res = await fetch(`${baseUrl}/api/auth/callback/demo`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
    body: new URLSearchParams({ csrfToken, email }),
  })
  const session = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.includes('session-token'))
  if (!session) throw new Error('demo sign-in failed')
  return session
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/** Replaces what lies between `<!-- name:start -->` and `<!-- name:end -->` in `text`. */
export function replaceBetweenMarkers(text: string, name: string, content: string): string {
  const [start, end] = [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`]
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) return text
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`
}

type CycleContract = { id: string; milestones: { id: string; amountCents: number }[] }

/** The fund → release cycle under load: each connection works through its own contract's milestones. */
export function fundReleaseCycle(baseUrl: string, cookie: string, contracts: CycleContract[]) {
  return runLoad({ baseUrl, cookie, connections: CONNECTIONS, durationMs: SECONDS * 1000, next: fundReleaseStep(contracts) })
}

/** Worker `w`'s `i`-th request of the fund → release cycle: fund a milestone, release it, next one. */
function fundReleaseStep(contracts: CycleContract[]) {
  return (w: number, i: number): Step | undefined => {
    const contract = contracts[w]!
    const milestone = contract.milestones[Math.floor(i / 2)]
    if (!milestone) return undefined
    const path = `/api/contracts/${contract.id}/milestones/${milestone.id}/${i % 2 === 0 ? 'fund' : 'release'}`
    return i % 2 === 0
      ? { method: 'POST', path, headers: { 'idempotency-key': randomUUID() } }
      : { method: 'POST', path, body: { amountCents: milestone.amountCents }, headers: { 'idempotency-key': randomUUID() } }
  }
}

/** One statement on the server's maintenance database (create and drop the bench databases). */
export async function admin(serverUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
