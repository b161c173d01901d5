import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import * as rules from '@/domain'
import { inProgressMilestone } from '@/domain/escrow'
import type { Outcome } from '@/domain/events'
import type { Contract, Context } from '@/domain/types'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { inTransaction, runSystemCommand } from '@/server/contracts/run-command'
import { dueJobHandler } from '@/server/jobs/due-job'
import { DUE_KINDS } from '@/server/jobs/due-kinds'
import { addJobs } from '@/server/jobs/queue'
import { claimStatement, runDueJobs, type JobHandler } from '@/server/jobs/run-jobs'
import { startJobWorker } from '@/server/jobs/worker'
import { getDb } from '@/server/db/client'
import { createContractScenario } from '../factories'
import { prismaSql } from '@/server/db/sql'

// The one job mechanism (docs/decisions/007) on the real database: a DUE job's effect happens
// once however many workers claim it, a crash is retried after the lease, a rolled-back command
// leaves no job, and a worker that starts after downtime catches up at once.

const db = getDb()
afterAll(() => db.$disconnect())

/** A test due kind with a real effect: the client's full release of the milestone in progress, once. */
const TEST_RELEASE = `TEST_RELEASE_${randomUUID().slice(0, 8)}`
function releaseInFull(contract: Contract, timer: { subjectId: string }, ctx: Context): Outcome | null {
  const current = inProgressMilestone(contract)
  if (!current || current.id !== timer.subjectId) return null
  const result = rules.releasePayment(contract, { userId: contract.clientId }, { milestoneId: current.id, amountCents: current.fundedCents }, ctx)
  return result.ok ? result.value : null
}
DUE_KINDS[TEST_RELEASE] = releaseInFull

async function fundedScenario() {
  const scenario = await createContractScenario()
  const milestone = scenario.contract.milestones[0]!
  await fundMilestone({ actor: scenario.client, contractId: scenario.contract.id, milestoneId: milestone.id })
  return { ...scenario, milestone }
}

async function addDueJob(contractId: string, subjectId: string, at = new Date(Date.now() - 1_000)): Promise<string> {
  const [id] = await addJobs(prismaSql(db), [{ kind: 'DUE', tag: TEST_RELEASE, contractId, runAt: at, payload: { dueKind: TEST_RELEASE, contractId, subjectId, at: at.toISOString() } }])
  return id!
}

const releases = (contractId: string) => db.ledgerEntry.count({ where: { contractId, kind: 'RELEASE' } })

describe('DUE jobs', () => {
  it('two workers on one due job, and a duplicated timer: one effect', async () => {
    const { contract, milestone } = await fundedScenario()
    const ids = [await addDueJob(contract.id, milestone.id), await addDueJob(contract.id, milestone.id)]
    const only = { ids }
    const reports = await Promise.all(
      Array.from({ length: 4 }, () => runDueJobs({ db, handlers: { DUE: dueJobHandler }, now: new Date(), only, batchSize: 1 })),
    )
    expect(reports.reduce((sum, r) => sum + r.claimed, 0)).toBe(2)
    expect(reports.reduce((sum, r) => sum + r.done, 0)).toBe(2)
    expect(await releases(contract.id)).toBe(1)
    const events = await db.activityEvent.findMany({ where: { contractId: contract.id, type: 'PAYMENT_RELEASED' } })
    expect(events).toHaveLength(1)
    expect(events[0]!.actorId).toBeNull()
    expect(await db.job.count({ where: { id: { in: ids }, doneAt: null } })).toBe(0)
  })

  it('a worker that crashes mid-job: nobody runs it during the lease, the next worker after it, once', async () => {
    const { contract, milestone } = await fundedScenario()
    const id = await addDueJob(contract.id, milestone.id)
    const t0 = new Date()
    // The crashed worker: it claimed the job and ran the effect, then died before marking it done.
    const crashing: JobHandler = async (job, ctx) => {
      await dueJobHandler(job, ctx)
      return new Promise(() => {})
    }
    void runDueJobs({ db, handlers: { DUE: crashing }, now: t0, only: { ids: [id] }, leaseMs: 60_000 })
    await expect.poll(() => releases(contract.id)).toBe(1)
    expect(await runDueJobs({ db, handlers: { DUE: dueJobHandler }, now: new Date(t0.getTime() + 30_000), only: { ids: [id] } })).toMatchObject({ claimed: 0 })
    const retried = await runDueJobs({ db, handlers: { DUE: dueJobHandler }, now: new Date(t0.getTime() + 61_000), only: { ids: [id] } })
    expect(retried).toMatchObject({ claimed: 1, done: 1 })
    expect(await releases(contract.id)).toBe(1)
    expect(await db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({ attempts: 2, lastError: null, doneAt: expect.any(Date) })
  })

  it('a handler that fails is retried with backoff, and its error kept', async () => {
    const { contract, milestone } = await fundedScenario()
    const id = await addDueJob(contract.id, milestone.id)
    const t0 = new Date()
    const warn = (await import('vitest')).vi.spyOn(console, 'warn').mockImplementation(() => {})
    const failing: JobHandler = async () => {
      throw new Error('database went away')
    }
    expect(await runDueJobs({ db, handlers: { DUE: failing }, now: t0, only: { ids: [id] } })).toMatchObject({ failed: 1 })
    const row = await db.job.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ attempts: 1, doneAt: null, lastError: 'Error: database went away' })
    expect(row.runAt.getTime()).toBe(t0.getTime() + 5_000)
    expect(await runDueJobs({ db, handlers: { DUE: dueJobHandler }, now: new Date(t0.getTime() + 5_000), only: { ids: [id] } })).toMatchObject({ done: 1 })
    expect(await releases(contract.id)).toBe(1)
    warn.mockRestore()
  })

  it('a job of a due kind nobody knows fails and waits, it is not dropped', async () => {
    const { contract, milestone } = await fundedScenario()
    const at = new Date(Date.now() - 1_000)
    const [id] = await addJobs(prismaSql(db), [{ kind: 'DUE', tag: 'NO_SUCH_KIND', contractId: contract.id, runAt: at, payload: { dueKind: 'NO_SUCH_KIND', contractId: contract.id, subjectId: milestone.id, at: at.toISOString() } }])
    const warn = (await import('vitest')).vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(await runDueJobs({ db, handlers: { DUE: dueJobHandler }, now: new Date(), only: { ids: [id!] } })).toMatchObject({ failed: 1 })
    expect(await db.job.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ doneAt: null, lastError: expect.stringContaining('NO_SUCH_KIND') })
    warn.mockRestore()
  })

  it('a command that rolls back leaves no job', async () => {
    const { contract, milestone } = await fundedScenario()
    const tag = `rolled-back-${randomUUID()}`
    await expect(
      inTransaction(async (tx) => {
        await addJobs(prismaSql(tx), [{ kind: 'DUE', tag, contractId: contract.id, payload: { dueKind: tag, contractId: contract.id, subjectId: milestone.id, at: new Date().toISOString() } }])
        throw new Error('the command failed')
      }),
    ).rejects.toThrow('the command failed')
    expect(await db.job.count({ where: { tag } })).toBe(0)
  })

  it('a system decision on a contract that is gone, or with nothing to do, writes nothing', async () => {
    expect(await runSystemCommand({ contractId: `missing-${randomUUID()}`, decide: () => null })).toBe(false)
    const { contract } = await fundedScenario()
    expect(await runSystemCommand({ contractId: contract.id, decide: () => null })).toBe(false)
    expect(await releases(contract.id)).toBe(0)
  })
})

describe('the worker loop', () => {
  it('catches up at once on start with what fell due during downtime', async () => {
    const { contract, milestone } = await fundedScenario()
    // Due an hour ago, while no worker ran.
    await addDueJob(contract.id, milestone.id, new Date(Date.now() - 60 * 60_000))
    // A poll interval far longer than the test: only the start-up run can do the work. Only this
    // contract's jobs: the database is shared with other test files and their due jobs.
    const worker = startJobWorker({ db, intervalMs: 10 * 60_000, only: { contractIds: [contract.id] } })
    try {
      await expect.poll(() => releases(contract.id), { timeout: 5_000 }).toBe(1)
    } finally {
      await worker.stop()
    }
  })

  it('wakes on NOTIFY for new jobs', async () => {
    const second = await fundedScenario()
    // A poll interval far longer than the test: only NOTIFY can do the work. Only this contract's
    // jobs: a worker draining the whole shared queue would reach this job only after every other
    // test's due jobs, which on the loaded Citus run took longer than the test waits.
    const worker = startJobWorker({ db, intervalMs: 10 * 60_000, only: { contractIds: [second.contract.id] } })
    try {
      // NOTIFY reaches only a worker that already listens; its LISTEN connects in the background.
      await worker.listening
      await sleep(200)
      await inTransaction(async (tx) => {
        await addJobs(prismaSql(tx), [{ kind: 'DUE', tag: TEST_RELEASE, contractId: second.contract.id, payload: { dueKind: TEST_RELEASE, contractId: second.contract.id, subjectId: second.milestone.id, at: new Date().toISOString() } }])
      })
      await expect.poll(() => releases(second.contract.id), { timeout: 5_000 }).toBe(1)
    } finally {
      await worker.stop()
    }
  })
})

describe('the claim', () => {
  it('finds the due jobs of the kinds it runs without walking past the waiting jobs of other kinds', async () => {
    // A worker without SMTP_URL runs timers and webhooks while emails wait: thousands of them must
    // not be read on every poll. The plan is taken on a private copy of the table (a temporary table
    // of the same name and indexes comes first on this connection), so other test files' jobs and
    // statistics cannot change it; the transaction is rolled back.
    const plan = await db
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe('CREATE TEMP TABLE "Job" (LIKE public."Job" INCLUDING ALL) ON COMMIT DROP')
        // Due an hour ago, written as the app writes times (UTC, into a column without a zone).
        const now = new Date()
        await tx.$executeRawUnsafe(
          `INSERT INTO "Job" ("id", "kind", "tag", "payload", "runAt", "createdAt")
           SELECT gen_random_uuid()::text, CASE WHEN i % 100 = 0 THEN 'DUE' ELSE 'EMAIL' END::"JobKind", 'PLAN_TEST', '{}', $1::timestamp, $1::timestamp
           FROM generate_series(1, 5000) i`,
          new Date(now.getTime() - 3_600_000).toISOString(),
        )
        await tx.$executeRawUnsafe('ANALYZE "Job"')
        const claim = claimStatement({ now, leaseUntil: new Date(now.getTime() + 60_000), batchSize: 20, kinds: ['DUE', 'WEBHOOK'] })
        const [row] = await tx.$queryRawUnsafe<[{ 'QUERY PLAN': unknown }]>(`EXPLAIN (FORMAT JSON) ${claim.text}`, ...claim.values)
        throw Object.assign(new Error('rollback'), { plan: JSON.stringify(row['QUERY PLAN']) })
      })
      .catch((error: { plan?: string }) => error.plan)
    // The kind is looked up in an index (the copy of "Job_due_kind_idx"), not filtered row by row
    // from the due index or a scan, as the claim did when it compared the kind as text.
    expect(plan).toMatch(/"Index Cond":"\(+kind = ANY /)
  })
})
