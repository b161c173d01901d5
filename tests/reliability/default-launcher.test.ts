import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { envWithoutDatabase, freePort, signInWithDemo, spawnLauncher, stopProcess, waitForOk } from '../setup/http-app'

// `npm start` exactly as a newcomer runs it: no DATABASE_URL, so the launcher starts the embedded
// PostgreSQL server, migrates, seeds and serves the production build with demo sign-in. Requests
// that race must meet the same engine production runs: one winner, clear 409s, no 5xx, no 401.

let launcher: ChildProcess
let dataDir: string
let base: string
let cookie: string
let output = ''

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tranche-launcher-'))
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  launcher = spawnLauncher('start', envWithoutDatabase({ PORT: String(port), TRANCHE_DATA_DIR: dataDir, APP_URL: base, NEXTAUTH_URL: base, NODE_ENV: 'production', ALLOW_INSECURE_HTTP: '1' }))
  launcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  await waitForOk(`${base}/api/health`)
  cookie = await signInWithDemo(base, 'alice@example.com')
}, 180_000)

afterAll(async () => {
  if (launcher) await stopProcess(launcher)
  await rm(dataDir, { recursive: true, force: true })
})

function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

async function newContract() {
  const res = await api('POST', '/api/contracts', {
    title: `Launcher race ${Date.now()}`,
    expertEmail: 'bob@example.com',
    milestones: [{ title: 'First', amountCents: 10_000 }, { title: 'Second', amountCents: 5_000 }],
  })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; milestones: { id: string }[] }
}

describe('npm start on the embedded default', () => {
  it('says it runs the embedded PostgreSQL server', () => {
    expect(output).toContain('Embedded PostgreSQL on postgresql://postgres:***@127.0.0.1:')
  })

  it('20 concurrent funds of one milestone: exactly one 200 and nineteen 409s, no 5xx, no 401', async () => {
    const contract = await newContract()
    const path = `/api/contracts/${contract.id}/milestones/${contract.milestones[0]!.id}/fund`
    const responses = await Promise.all(Array.from({ length: 20 }, () => api('POST', path)))
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(19)
    const codes = new Set(await Promise.all(responses.filter((r) => r.status === 409).map(async (r) => ((await r.json()) as { error: { code: string } }).error.code)))
    expect([...codes].every((code) => code === 'ANOTHER_MILESTONE_IN_PROGRESS' || code === 'MILESTONE_LOCKED')).toBe(true)
  })

  it('20 concurrent releases with one Idempotency-Key: one release, twenty identical 200s', async () => {
    const contract = await newContract()
    const milestone = contract.milestones[0]!.id
    expect((await api('POST', `/api/contracts/${contract.id}/milestones/${milestone}/fund`)).status).toBe(200)
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => api('POST', `/api/contracts/${contract.id}/milestones/${milestone}/release`, { amountCents: 4_000 }, { 'idempotency-key': `release-${contract.id}` })),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(new Set(await Promise.all(responses.map((r) => r.text()))).size).toBe(1)
    const view = (await (await api('GET', `/api/contracts/${contract.id}`)).json()) as { escrow: { releasedCents: number; balanceCents: number } }
    expect(view.escrow).toMatchObject({ releasedCents: 4_000, balanceCents: 6_000 })
  })

  it('stops its embedded server when it is stopped', async () => {
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true)
    expect(await stopProcess(launcher)).not.toBeNull()
    await expect.poll(() => existsSync(join(dataDir, 'postgres', 'postmaster.pid')), { timeout: 15_000 }).toBe(false)
  })
})
