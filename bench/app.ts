// What every bench script shares: the production app's environment, starting it, signing in and
// the closed-loop read load. Figures, not assertions.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { encode } from 'next-auth/jwt'
import autocannon from 'autocannon'
import pg from 'pg'
import { appWriteStep, fundReleaseLanes, type CycleContract } from './cycle'
import { runLoad } from './load'
import { sessionCookieName } from '@/server/auth/options'
import { SESSION_MAX_AGE_SECONDS } from '@/server/auth/session-token'

export const CONNECTIONS = 50
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
export const POOL = 10
/** The app's port under load (`npm run bench`; bench:citus uses the next one). */
export const PORT = Number(process.env.BENCH_PORT ?? 3300)

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
    // Production, not a demo: no demo clock read on every request. The bench mints its session
    // cookie itself (mintSessionCookie), as sign-in would.
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

/** Closed-loop GETs of `url` for `seconds`, or `amount` requests in all (a warm-up). */
export async function cannon(url: string, cookie: string | undefined, options: { seconds?: number; amount?: number } = {}): Promise<Cannon> {
  const length = options.amount ? { amount: options.amount } : { duration: options.seconds ?? SECONDS }
  const result = await autocannon({ url, connections: CONNECTIONS, ...length, headers: cookie ? { cookie } : {} })
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

/**
 * The session cookie sign-in would set for the user with `email` (a session id, the sign-in time
 * and the user's epoch, sealed with the app's secret), so the app runs without DEMO_MODE and its
 * demo sign-in. The app checks it like any other session on every request.
 */
export async function mintSessionCookie(env: ReturnType<typeof appEnv>, email: string): Promise<string> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL })
  await client.connect()
  try {
    const { rows } = await client.query<{ id: string; name: string | null; sessionEpoch: number }>(`SELECT "id", "name", "sessionEpoch" FROM "User" WHERE "email" = $1`, [email])
    const user = rows[0]
    if (!user) throw new Error(`no user ${email} to sign in as`)
    const token = { sub: user.id, email, name: user.name, sid: randomUUID(), authTime: Math.floor(Date.now() / 1000), epoch: user.sessionEpoch }
    const value = await encode({ token, secret: env.NEXTAUTH_SECRET, maxAge: SESSION_MAX_AGE_SECONDS })
    return `${sessionCookieName({ NODE_ENV: env.NODE_ENV, APP_URL: env.APP_URL, ALLOW_INSECURE_HTTP: env.ALLOW_INSECURE_HTTP === '1' })}=${value}`
  } finally {
    await client.end()
  }
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

/** The fund → release cycle under load: each connection works through its own contract's milestones. */
export function fundReleaseCycle(baseUrl: string, cookie: string, contracts: CycleContract[]) {
  const lanes = fundReleaseLanes(contracts.map((c) => [c]), false)
  return runLoad({ baseUrl, cookie, connections: CONNECTIONS, durationMs: SECONDS * 1000, next: (w) => {
    const request = lanes(w)
    return request && appWriteStep(request)
  } })
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
