import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { recordStatements } from '@/server/bench-record'
import { assertLockedTransaction, instantiate, replay, type ReplayTemplate } from '@/server/bench-replay'
import { createContract } from '@/server/contracts/create-contract'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { releasePayment } from '@/server/contracts/release-payment'
import { getDb } from '@/server/db/client'
import { migrate } from '@/server/db/migrate'
import { createContractScenario, entry } from '../factories'
import { createEmptyDatabase } from '../setup/databases'

// `npm run bench` replays the app's recorded fund and release on other contracts (the framework
// floor and the machine limit): here, on a real database, the replay must do what the app did,
// to the target's rows only, in one transaction that takes the row lock.
// A replayed write stores the totals the recorded contract had, so the target's books stop
// balancing by design: a scratch database keeps that away from the suites that reconcile the
// run's shared one (races, two instances).
const scratch = await createEmptyDatabase(inject('serverUrl'))
await migrate({ connectionString: scratch.url, migrationsDir: 'prisma/migrations' })
process.env.DATABASE_URL = scratch.url // read by getDb() on first use, just below
const db = getDb()
const client = new pg.Client({ connectionString: scratch.url })
await client.connect()
afterAll(async () => {
  await client.end()
  await db.$disconnect()
  await scratch.drop()
})

async function templates() {
  const { client: payer, expert, contract } = await createContractScenario()
  const target = await createContract({ actor: payer, title: 'Target', expertEmail: expert.email, milestones: [entry(), entry()] })
  await db.contract.updateMany({ where: { id: contract.id }, data: { planVersion: 1_000_000 } })
  const m0 = contract.milestones[0]!
  const fund = await recordStatements(() => fundMilestone({ actor: payer, contractId: contract.id, milestoneId: m0.id, idempotencyKey: randomUUID() }))
  const release = await recordStatements(() => releasePayment({ actor: payer, contractId: contract.id, milestoneId: m0.id, amountCents: m0.amountCents, idempotencyKey: randomUUID() }))
  const of = (statements: typeof fund): ReplayTemplate => ({ statements, contractId: contract.id, milestoneId: m0.id, keepIds: [payer.userId, expert.userId], freshNumbers: [1_000_001] })
  return { recordedOn: contract.id, target, fund: of(fund), release: of(release) }
}

let number = 2_000_000
const next = () => ++number
const rowsOf = async (contractId: string) => ({
  ledger: await db.ledgerEntry.findMany({ where: { contractId }, select: { kind: true, milestoneId: true } }),
  milestones: await db.milestone.findMany({ where: { contractId }, select: { id: true, state: true }, orderBy: { position: 'asc' } }),
  jobs: await db.job.count({ where: { contractId } }),
})

describe('the bench replay of a recorded fund and release', () => {
  it('records the row lock inside BEGIN … COMMIT', async () => {
    const t = await templates()
    for (const template of [t.fund, t.release]) {
      expect(() => assertLockedTransaction('write', template.statements)).not.toThrow()
      expect(template.statements.at(-1)!.text.trim()).toBe('COMMIT')
    }
  })

  it('funds and releases the target milestones, over and over, touching nothing of the recorded contract', async () => {
    const t = await templates()
    const recordedBefore = await rowsOf(t.recordedOn)
    const jobsBefore = (await rowsOf(t.target.id)).jobs
    const [m0, m1] = t.target.milestones.map((m) => m.id)
    for (const [template, milestoneId] of [[t.fund, m0], [t.release, m0], [t.fund, m1]] as const) {
      await replay(client, instantiate(template, { contractId: t.target.id, milestoneId }, next))
    }
    const after = await rowsOf(t.target.id)
    expect(after.milestones.map((m) => m.state)).toEqual(['RELEASED', 'FUNDED'])
    expect(after.ledger.map((l) => `${l.kind} ${l.milestoneId}`).sort()).toEqual([`DEPOSIT ${m0}`, `DEPOSIT ${m1}`, `RELEASE ${m0}`].sort())
    expect(after.jobs).toBe(jobsBefore + 3)
    expect(await rowsOf(t.recordedOn)).toEqual(recordedBefore)
  })

  it('runs as one transaction: a failure before COMMIT leaves nothing behind', async () => {
    const t = await templates()
    const statements = instantiate(t.fund, { contractId: t.target.id, milestoneId: t.target.milestones[0]!.id }, next)
    const broken = [...statements.slice(0, -1), { text: 'SELECT 1 / 0', values: [] }, statements.at(-1)!]
    await expect(replay(client, broken)).rejects.toThrow(/division by zero/)
    const after = await rowsOf(t.target.id)
    expect(after.ledger).toEqual([])
    expect(after.milestones.map((m) => m.state)).toEqual(['UPCOMING', 'UPCOMING'])
    expect((await client.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }])
  })

  it('holds the target row lock until it commits', async () => {
    const t = await templates()
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await holder.connect()
    try {
      await holder.query('BEGIN')
      await holder.query('SELECT 1 FROM "Contract" WHERE "id" = $1 FOR UPDATE', [t.target.id])
      let done = false
      const replaying = replay(client, instantiate(t.fund, { contractId: t.target.id, milestoneId: t.target.milestones[0]!.id }, next)).then(() => (done = true))
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(done).toBe(false)
      await holder.query('COMMIT')
      await replaying
      expect(done).toBe(true)
    } finally {
      await holder.end()
    }
  })
})

describe('the framework-floor routes without BENCH_ROUTES=1', () => {
  it('answer every method exactly as the API catch-all does for an unknown path', async () => {
    const [read, fund, release, unknown] = await Promise.all([
      import('@/app/api/bench/contracts/[id]/route'),
      import('@/app/api/bench/contracts/[id]/milestones/[mid]/fund/route'),
      import('@/app/api/bench/contracts/[id]/milestones/[mid]/release/route'),
      import('@/app/api/[[...path]]/route'),
    ])
    const expected = await unknown.GET().json()
    const context = { params: Promise.resolve({ id: 'c', mid: 'm' }) }
    const request = (method: string) => new Request('http://localhost/api/bench/contracts/c/milestones/m/fund', { method })
    const answers = [await read.GET(request('GET'), context), read.POST(), read.PUT(), read.PATCH(), read.DELETE()]
    for (const write of [fund, release]) answers.push(await write.POST(request('POST'), context), write.GET(), write.PUT(), write.PATCH(), write.DELETE())
    for (const answer of answers) {
      expect([answer.status, answer.headers.get('content-type'), await answer.json()]).toEqual([404, 'application/json', expected])
    }
  })
})
