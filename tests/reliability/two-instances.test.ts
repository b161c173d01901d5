import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { freePort, signInWithDemo, waitForOk } from '../setup/http-app'

// The production build run as two app instances on one PostgreSQL database, with requests of
// each race spread over both: only the database keeps them apart. Needs `npm run build` first
// (the suite's global setup builds when the build is missing or older than the sources).

const databaseUrl = inject('databaseUrl')
const SESSION_CHECK_MS = 3_000
let ports: number[] = []
const instances: ChildProcess[] = []
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  NODE_ENV: 'production',
  DEMO_MODE: '1',
  // Plain http on loopback: a production start allows it only with this (local test runs only).
  ALLOW_INSECURE_HTTP: '1',
  // Load and races as one user, not rate limits: lift the per-user write limit.
  WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
  NEXTAUTH_SECRET: 'reliability-secret-reliability-secret-0',
  NEXT_TELEMETRY_DISABLED: '1',
  DB_SLOW_QUERY_MS: '100000',
  // Each instance trusts a session check it made this long (default 10 s, docs/decisions/014);
  // shortened so the sign-out test below waits less.
  SESSION_CHECK_CACHE_MS: String(SESSION_CHECK_MS),
}

async function run(command: string, args: string[]) {
  await new Promise<void>((resolve, reject) =>
    spawn(command, args, { env, stdio: 'inherit' }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')}: ${code}`)))),
  )
}

const base = (i: number) => `http://127.0.0.1:${ports[i % ports.length]}`
let cookie = ''

function api(i: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base(i)}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

beforeAll(async () => {
  await run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'prisma/seed.ts'])
  ports = [await freePort(), await freePort()]
  env.APP_URL = env.NEXTAUTH_URL = `http://localhost:${ports[0]}`
  for (const port of ports) {
    instances.push(spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], { env, stdio: 'ignore' }))
  }
  await Promise.all(ports.map((_, i) => waitForOk(`${base(i)}/api/health`)))
  cookie = await signInWithDemo(base(0), 'alice@example.com')
}, 120_000)

afterAll(() => {
  for (const child of instances) child.kill('SIGTERM')
})

async function newContract(amounts: number[]) {
  const res = await api(0, 'POST', '/api/contracts', {
    title: `Two instances ${Date.now()}`,
    expertEmail: 'bob@example.com',
    milestones: amounts.map((amountCents, i) => ({ title: `M${i}`, amountCents })),
  })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; milestones: { id: string }[] }
}

describe('two app instances on one database', () => {
  it('20 concurrent funds across both instances: exactly one succeeds, the rest get 409', async () => {
    const contract = await newContract([10_000, 5_000])
    const path = `/api/contracts/${contract.id}/milestones/${contract.milestones[0]!.id}/fund`
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => api(i, 'POST', path).then((r) => r.status)))
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(19)
  })

  it('concurrent partial releases across both instances never release more than was funded', async () => {
    const contract = await newContract([10_000])
    const id = contract.milestones[0]!.id
    expect((await api(0, 'POST', `/api/contracts/${contract.id}/milestones/${id}/fund`)).status).toBe(200)
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => api(i, 'POST', `/api/contracts/${contract.id}/milestones/${id}/release`, { amountCents: 6_000 })),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    const view = (await (await api(1, 'GET', `/api/contracts/${contract.id}`)).json()) as { escrow: { releasedCents: number; heldCents: number } }
    expect(view.escrow).toMatchObject({ releasedCents: 6_000, heldCents: 4_000 })
  })

  it('one Idempotency-Key sent 10 times across both instances takes effect once, with one answer', async () => {
    const contract = await newContract([10_000])
    const path = `/api/contracts/${contract.id}/milestones/${contract.milestones[0]!.id}/fund`
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => api(i, 'POST', path, undefined, { 'idempotency-key': 'same-key-both' })))
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200))
    const bodies = new Set(await Promise.all(responses.map((r) => r.text())))
    expect(bodies.size).toBe(1)
    const view = (await (await api(0, 'GET', `/api/contracts/${contract.id}`)).json()) as { escrow: { depositedCents: number } }
    expect(view.escrow.depositedCents).toBe(10_000)
  })

  it('the books balance afterwards', async () => {
    process.env.DATABASE_URL = databaseUrl
    const { findReconciliationProblems } = await import('@/server/contracts/reconcile')
    expect(await findReconciliationProblems()).toEqual([])
  })

  // Last, and as carol, whom nothing above uses: it ends her sessions.
  it('"sign out everywhere" on one instance: refused there at once, on the other within SESSION_CHECK_CACHE_MS', async () => {
    const carol = await signInWithDemo(base(0), 'carol@example.com')
    const status = (i: number) => fetch(`${base(i)}/api/contracts`, { headers: { cookie: carol } }).then((r) => r.status)
    // Both instances have checked the session, and trust that check for SESSION_CHECK_MS.
    expect([await status(0), await status(1)]).toEqual([200, 200])
    const signedOut = await fetch(`${base(0)}/api/auth/sign-out-everywhere`, {
      method: 'POST',
      headers: { cookie: carol, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      body: '{}',
    })
    expect(signedOut.status).toBe(200)
    const at = Date.now()
    expect(await status(0)).toBe(401)
    // Instance 1 may still answer 200 until its check is SESSION_CHECK_MS old (session-check.test.ts
    // shows that reuse without timing); here only the bound matters.
    await expect.poll(() => status(1), { timeout: SESSION_CHECK_MS + 5_000, interval: 200 }).toBe(401)
    expect(Date.now() - at).toBeLessThanOrEqual(SESSION_CHECK_MS + 2_000)
  })
})
