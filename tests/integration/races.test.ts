import { describe, expect, it } from 'vitest'
import type { Cents } from '@/domain/money'
import { getDb } from '@/server/db/client'
import { CommandError } from '@/server/errors'
import { acceptChanges } from '@/server/contracts/accept-changes'
import { counterChanges } from '@/server/contracts/counter-changes'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { getContract } from '@/server/contracts/get-contract'
import { proposeChanges } from '@/server/contracts/propose-changes'
import { findReconciliationProblems } from '@/server/contracts/reconcile'
import { releasePayment } from '@/server/contracts/release-payment'
import { savePlan } from '@/server/contracts/save-plan'
import { createContractScenario, entry } from '../factories'

// On a real PostgreSQL server (the embedded one by default, TEST_DATABASE_URL's in CI too) the
// transactions truly overlap: only the row lock and constraints keep them apart.

async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises)
  const ok = results.filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled').map((r) => r.value)
  const codes = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason instanceof CommandError ? r.reason.code : String(r.reason)))
  return { ok, codes }
}

describe('races', () => {
  it('20 concurrent fund requests: exactly one funds, the others get a domain error', async () => {
    const { client, contract } = await createContractScenario()
    const milestoneId = contract.milestones[0]!.id
    const { ok, codes } = await settle(Array.from({ length: 20 }, () => fundMilestone({ actor: client, contractId: contract.id, milestoneId })))
    expect(ok).toHaveLength(1)
    expect(new Set(codes)).toEqual(new Set(['MILESTONE_LOCKED']))
    const deposits = await getDb().ledgerEntry.count({ where: { contractId: contract.id, kind: 'DEPOSIT' } })
    expect(deposits).toBe(1)
  })

  it('concurrent funds of different milestones never put two in progress', async () => {
    const { client, contract } = await createContractScenario()
    const ids = contract.milestones.map((m) => m.id)
    const { ok } = await settle(ids.flatMap((milestoneId) => [1, 2, 3].map(() => fundMilestone({ actor: client, contractId: contract.id, milestoneId }))))
    expect(ok).toHaveLength(1)
    expect(await getDb().milestone.count({ where: { contractId: contract.id, state: { in: ['FUNDED', 'SUBMITTED'] } } })).toBe(1)
  })

  it('concurrent partial releases never release more than was funded', async () => {
    const { client, contract } = await createContractScenario([entry({ amountCents: 10_000 as Cents })])
    const milestoneId = contract.milestones[0]!.id
    await fundMilestone({ actor: client, contractId: contract.id, milestoneId })
    const { ok, codes } = await settle(Array.from({ length: 10 }, () => releasePayment({ actor: client, contractId: contract.id, milestoneId, amountCents: 6_000 })))
    expect(ok).toHaveLength(1)
    expect(new Set(codes)).toEqual(new Set(['MILESTONE_NOT_IN_PROGRESS']))
    const milestone = await getDb().milestone.findFirstOrThrow({ where: { id: milestoneId } })
    expect(milestone.releasedCents).toBe(6_000)
  })

  it('a client save racing an expert request: one wins, the other gets a clear conflict', async () => {
    const { client, expert, contract } = await createContractScenario()
    const { ok, codes } = await settle<unknown>([
      savePlan({ actor: client, contractId: contract.id, baseVersion: 1, milestones: [entry({ title: 'Client plan' })] }),
      proposeChanges({ actor: expert, contractId: contract.id, baseVersion: 1, milestones: [entry({ title: 'Expert plan' })], message: 'Mine' }),
    ])
    expect(ok).toHaveLength(1)
    expect(codes).toHaveLength(1)
    expect(['STALE_PLAN_VERSION', 'CHANGE_REQUEST_PENDING']).toContain(codes[0])
  })

  it('a counter racing an accept of the same request: one outcome, the other a clear conflict (R18)', async () => {
    const { client, expert, contract } = await createContractScenario()
    const plan = contract.milestones.map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents }))
    for (let round = 0; round < 5; round++) {
      const base = (await getContract({ actor: client, contractId: contract.id })).planVersion
      const requested = await proposeChanges({ actor: expert, contractId: contract.id, baseVersion: base, milestones: [...plan, entry({ title: `Extra ${round}` })], message: 'More' })
      const requestId = requested.changeRequest!.id
      const { ok, codes } = await settle<unknown>([
        acceptChanges({ actor: client, contractId: contract.id, requestId }),
        counterChanges({ actor: client, contractId: contract.id, requestId, baseVersion: base, milestones: [...plan, entry({ title: 'Counter' })], message: 'Less' }),
      ])
      expect(ok).toHaveLength(1)
      expect(codes).toEqual(['NO_PENDING_CHANGE_REQUEST'])
      const rows = await getDb().changeRequest.findMany({ where: { contractId: contract.id, status: { in: ['PENDING', 'COUNTERED', 'ACCEPTED'] } } })
      const current = await getContract({ actor: client, contractId: contract.id })
      // Either the accept won (the plan has the extra milestone, nothing pending) or the counter did (plan unchanged, the counter pending).
      if (current.changeRequest) {
        expect(current.changeRequest.authorRole).toBe('CLIENT')
        expect(current.planVersion).toBe(base)
        await acceptChanges({ actor: expert, contractId: contract.id, requestId: current.changeRequest.id })
      } else expect(current.planVersion).toBe(base + 1)
      plan.splice(0, plan.length, ...(await getContract({ actor: client, contractId: contract.id })).milestones.map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents })))
      expect(rows.filter((r) => r.status === 'PENDING').length).toBeLessThanOrEqual(1)
    }
    expect(await getDb().changeRequest.count({ where: { contractId: contract.id, status: 'PENDING' } })).toBe(0)
  })

  it('the same idempotency key sent 10 times concurrently moves money once and answers alike', async () => {
    const { client, contract } = await createContractScenario()
    const milestoneId = contract.milestones[0]!.id
    const { ok, codes } = await settle(
      Array.from({ length: 10 }, () => fundMilestone({ actor: client, contractId: contract.id, milestoneId, idempotencyKey: 'fund-once' })),
    )
    expect(codes).toEqual([])
    expect(ok).toHaveLength(10)
    expect(new Set(ok.map((v) => JSON.stringify(v)))).toHaveProperty('size', 1)
    expect(await getDb().ledgerEntry.count({ where: { contractId: contract.id } })).toBe(1)
  })

  it('the reconciliation finds nothing after the races', async () => {
    expect(await findReconciliationProblems()).toEqual([])
  })
})
