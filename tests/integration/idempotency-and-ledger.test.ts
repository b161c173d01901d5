import { describe, expect, it, vi } from 'vitest'
import { getDb } from '@/server/db/client'
import { CommandError } from '@/server/errors'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { releasePayment } from '@/server/contracts/release-payment'
import { createContractScenario } from '../factories'

const failures = vi.hoisted(() => ({ failViewOnce: false }))

// Fail a command after it wrote its state, ledger, activity and outbox rows, to prove they roll
// back together.
vi.mock('@/server/contracts/contract-view', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/server/contracts/contract-view')>()
  return {
    ...original,
    toContractView: (...args: Parameters<typeof original.toContractView>) => {
      if (failures.failViewOnce) {
        failures.failViewOnce = false
        throw new Error('simulated crash after the writes')
      }
      return original.toContractView(...args)
    },
  }
})

const db = getDb()

async function countRows(contractId: string) {
  const [ledger, outbox, activity] = await Promise.all([
    db.ledgerEntry.count({ where: { contractId } }),
    db.job.count({ where: { contractId, kind: 'EMAIL' } }),
    db.activityEvent.count({ where: { contractId } }),
  ])
  return { ledger, outbox, activity }
}

describe('idempotency keys (R13)', () => {
  it('a replay returns the first result and moves no money twice', async () => {
    const { client, contract } = await createContractScenario()
    const milestoneId = contract.milestones[0]!.id
    const first = await fundMilestone({ actor: client, contractId: contract.id, milestoneId, idempotencyKey: 'k1' })
    const replay = await fundMilestone({ actor: client, contractId: contract.id, milestoneId, idempotencyKey: 'k1' })
    expect(replay).toEqual(first)
    expect((await countRows(contract.id)).ledger).toBe(1)
  })

  it('the same key with another request is refused with IDEMPOTENCY_KEY_REUSED', async () => {
    const { client, contract } = await createContractScenario()
    const milestoneId = contract.milestones[0]!.id
    await fundMilestone({ actor: client, contractId: contract.id, milestoneId, idempotencyKey: 'k2' })
    await releasePayment({ actor: client, contractId: contract.id, milestoneId, amountCents: 100, idempotencyKey: 'r1' })
    const error = await releasePayment({ actor: client, contractId: contract.id, milestoneId, amountCents: 200, idempotencyKey: 'r1' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CommandError)
    expect((error as CommandError).code).toBe('IDEMPOTENCY_KEY_REUSED')
  })

  it('keys are scoped per user: another user with the same key is not replayed', async () => {
    const one = await createContractScenario()
    const two = await createContractScenario()
    const a = await fundMilestone({ actor: one.client, contractId: one.contract.id, milestoneId: one.contract.milestones[0]!.id, idempotencyKey: 'shared' })
    const b = await fundMilestone({ actor: two.client, contractId: two.contract.id, milestoneId: two.contract.milestones[0]!.id, idempotencyKey: 'shared' })
    expect(a.id).not.toBe(b.id)
    expect(b.milestones[0]?.state).toBe('FUNDED')
  })
})

describe('atomic commands', () => {
  it('a command that fails after writing leaves no ledger row, no outbox row and no activity event', async () => {
    const { client, contract } = await createContractScenario()
    const before = await countRows(contract.id)
    failures.failViewOnce = true
    await expect(fundMilestone({ actor: client, contractId: contract.id, milestoneId: contract.milestones[0]!.id })).rejects.toThrow('simulated crash')
    expect(await countRows(contract.id)).toEqual(before)
    expect((await db.milestone.findFirstOrThrow({ where: { id: contract.milestones[0]!.id } })).state).toBe('UPCOMING')
  })
})

describe('ledger (R14)', () => {
  it('refuses UPDATE and DELETE of ledger rows at the database level', async () => {
    const { client, contract } = await createContractScenario()
    await fundMilestone({ actor: client, contractId: contract.id, milestoneId: contract.milestones[0]!.id })
    const row = await db.ledgerEntry.findFirstOrThrow({ where: { contractId: contract.id } })
    await expect(db.ledgerEntry.updateMany({ where: { contractId: contract.id, id: row.id }, data: { amountCents: 1n } })).rejects.toThrow(/append-only/)
    await expect(db.ledgerEntry.deleteMany({ where: { contractId: contract.id, id: row.id } })).rejects.toThrow(/append-only/)
    expect(Number((await db.ledgerEntry.findFirstOrThrow({ where: { id: row.id } })).amountCents)).toBe(10_000)
  })

  it('no service updates or deletes ledger rows (source check of src/server)', async () => {
    const { readFile, readdir } = await import('node:fs/promises')
    const files = (await readdir('src/server', { recursive: true })).filter((f) => f.endsWith('.ts'))
    for (const file of files) {
      const text = await readFile(`src/server/${file}`, 'utf8')
      expect(text, file).not.toMatch(/ledgerEntry\.(update|updateMany|delete|deleteMany|upsert)\(/)
      expect(text, file).not.toMatch(/(UPDATE|DELETE FROM)\s+"LedgerEntry"/)
    }
  })

  it('the database refuses a second in-progress milestone on one contract (R2 partial unique index)', async () => {
    const { client, contract } = await createContractScenario()
    await fundMilestone({ actor: client, contractId: contract.id, milestoneId: contract.milestones[0]!.id })
    await expect(
      db.milestone.update({ where: { contractId_id: { contractId: contract.id, id: contract.milestones[1]!.id } }, data: { state: 'FUNDED', fundedCents: 20_000 } }),
    ).rejects.toThrow()
    await expect(db.milestone.update({ where: { contractId_id: { contractId: contract.id, id: contract.milestones[1]!.id } }, data: { state: 'SUBMITTED' } })).rejects.toThrow()
    expect(await db.milestone.count({ where: { contractId: contract.id, state: { in: ['FUNDED', 'SUBMITTED'] } } })).toBe(1)
  })
})
