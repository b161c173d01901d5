import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startFaultyProxy, type FaultyProxy } from './tcp-proxy'

// Services reach PostgreSQL through a proxy that this test cuts at random moments, in the middle
// of fund and release transactions. Every command is retried with its Idempotency-Key until it
// answers; the money must have moved exactly once and the books must balance.

let proxy: FaultyProxy
const databaseUrl = inject('databaseUrl')

beforeAll(async () => {
  proxy = await startFaultyProxy(databaseUrl)
  process.env.DATABASE_URL = proxy.url // read by getDb() on first use, below
})
afterAll(async () => {
  await proxy.close()
})

/** Retries `work` through connection failures; domain errors are answers, not faults. */
async function untilAnswered<T>(work: () => Promise<T>): Promise<T> {
  const { CommandError } = await import('@/server/errors')
  let last: unknown
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (error instanceof CommandError) throw error
      last = error
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 30))
    }
  }
  throw new Error(`no answer after 200 attempts; last error: ${String(last)}`)
}

describe('database connection cut mid-transaction', () => {
  it('fund and release retried with the same key take effect exactly once; reconciliation is clean', async () => {
    const { createContractScenario, entry } = await import('../factories')
    const { fundMilestone } = await import('@/server/contracts/fund-milestone')
    const { releasePayment } = await import('@/server/contracts/release-payment')
    const { findReconciliationProblems } = await import('@/server/contracts/reconcile')
    const milestones = Array.from({ length: 12 }, (_, i) => entry({ title: `M${i}`, amountCents: (1_000 + i * 37) as never }))
    const { client, contract } = await untilAnswered(() => createContractScenario(milestones))

    // A warm-up command tells how long one takes here; then each command's first attempt has every
    // connection cut at a random moment within 1.5× that time: between statements, before commit,
    // or after commit and before the answer. Retries run uncut, with the same Idempotency-Key.
    // The faster of two warm-ups: one slow warm-up on a loaded machine would put every cut after
    // its command had already answered, and the run would cut nothing.
    const timed = async (work: () => Promise<unknown>) => {
      const t0 = performance.now()
      await untilAnswered(work)
      return performance.now() - t0
    }
    const typical = Math.min(
      await timed(() => fundMilestone({ actor: client, contractId: contract.id, milestoneId: contract.milestones[0]!.id, idempotencyKey: 'warm-up' })),
      await timed(() => releasePayment({ actor: client, contractId: contract.id, milestoneId: contract.milestones[0]!.id, amountCents: 900, idempotencyKey: 'warm-up-r' })),
    )
    let cuts = 0
    const withCut = async <T,>(work: () => Promise<T>): Promise<T> => {
      const timer = setTimeout(() => {
        cuts += proxy.cutAll() > 0 ? 1 : 0
      }, Math.random() * typical * 1.5)
      try {
        return await untilAnswered(work)
      } finally {
        clearTimeout(timer)
      }
    }
    for (const milestone of contract.milestones.slice(1)) {
      const fundKey = randomUUID()
      await withCut(() => fundMilestone({ actor: client, contractId: contract.id, milestoneId: milestone.id, idempotencyKey: fundKey }))
      const releaseKey = randomUUID()
      const partial = milestone.amountCents - 123
      await withCut(() => releasePayment({ actor: client, contractId: contract.id, milestoneId: milestone.id, amountCents: partial, idempotencyKey: releaseKey }))
    }
    expect(cuts).toBeGreaterThan(0)

    const direct = new pg.Client({ connectionString: databaseUrl })
    await direct.connect()
    const { rows } = await direct.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM "LedgerEntry" WHERE "contractId" = $1 GROUP BY kind ORDER BY kind`,
      [contract.id],
    )
    const states = await direct.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM "Milestone" WHERE "contractId" = $1 GROUP BY state`, [contract.id])
    await direct.end()
    // Every milestone released once; deposits only where the balance did not cover the amount.
    expect(rows.find((r) => r.kind === 'RELEASE')?.n).toBe(12)
    expect(states.rows).toEqual([{ state: 'RELEASED', n: 12 }])
    expect(await untilAnswered(() => findReconciliationProblems([contract.id]))).toEqual([])
  }, 120_000)
})
