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

  it('a counter racing an accept of the same request: one outcome, the other a clear refusal (R18)', async () => {
    const { client, expert, contract } = await createContractScenario()
    const winners = new Set<string>()
    for (let round = 0; round < 6; round++) {
      const before = await getContract({ actor: client, contractId: contract.id })
      const plan = before.milestones.map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents }))
      const requested = await proposeChanges({ actor: expert, contractId: contract.id, baseVersion: before.planVersion, milestones: [...plan, entry({ title: `Extra ${round}` })], message: 'More' })
      const requestId = requested.changeRequest!.id
      const [accepted, countered] = await Promise.allSettled([
        acceptChanges({ actor: client, contractId: contract.id, requestId }),
        counterChanges({ actor: client, contractId: contract.id, requestId, baseVersion: before.planVersion, milestones: [...plan, entry({ title: 'Counter' })], message: 'Less' }),
      ])
      const code = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? (r.reason as CommandError).code : 'OK')
      const current = await getContract({ actor: client, contractId: contract.id })
      if (accepted.status === 'fulfilled') {
        // The accept won: the plan moved on, and the counter found no pending request.
        winners.add('accept')
        expect(code(countered)).toBe('NO_PENDING_CHANGE_REQUEST')
        expect([current.planVersion, current.changeRequest]).toEqual([before.planVersion + 1, null])
      } else {
        // The counter won: the plan is unchanged and the pending request is now the client's own
        // counter, which the client may not accept (the expert answers it).
        winners.add('counter')
        expect(code(countered)).toBe('OK')
        expect(['FORBIDDEN_FOR_ROLE', 'NO_PENDING_CHANGE_REQUEST']).toContain(code(accepted))
        expect(current.planVersion).toBe(before.planVersion)
        expect(current.changeRequest).toMatchObject({ authorRole: 'CLIENT', rounds: [{ id: requestId }, { message: 'Less' }] })
        await acceptChanges({ actor: expert, contractId: contract.id, requestId: current.changeRequest!.id })
      }
      expect(await getDb().changeRequest.count({ where: { contractId: contract.id, status: 'PENDING' } })).toBe(0)
    }
    expect(winners.size).toBeGreaterThan(0)
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
