import { describe, expect, it } from 'vitest'
import type { Cents } from '@/domain/money'
import { getDb } from '@/server/db/client'
import { poolSql } from '@/server/db/sql'
import { CommandError } from '@/server/errors'
import { acceptChanges } from '@/server/contracts/accept-changes'
import { acceptClose } from '@/server/contracts/accept-close'
import { closeContract } from '@/server/contracts/close-contract'
import { declineChanges } from '@/server/contracts/decline-changes'
import { declineClose } from '@/server/contracts/decline-close'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { getContract } from '@/server/contracts/get-contract'
import { leaveReview } from '@/server/contracts/leave-review'
import { listActivity } from '@/server/contracts/list-activity'
import { listContracts } from '@/server/contracts/list-contracts'
import { loadContract } from '@/server/contracts/load-contract'
import { proposeChanges } from '@/server/contracts/propose-changes'
import { findReconciliationProblems } from '@/server/contracts/reconcile'
import { releasePayment } from '@/server/contracts/release-payment'
import { savePlan } from '@/server/contracts/save-plan'
import { submitWork } from '@/server/contracts/submit-work'
import { withdrawChanges } from '@/server/contracts/withdraw-changes'
import { createContractScenario, entry } from '../factories'
import { findEmails } from '../setup/emails'
import { refusal } from '../setup/refusal'

const db = getDb()


function outboxFor(contractId: string) {
  return findEmails(db, { contractId })
}

describe('contract services on the database', () => {
  it('creates a contract: both members see it, the expert is emailed, outsiders get NOT_FOUND', async () => {
    const { client, expert, outsider, contract } = await createContractScenario()
    expect(contract).toMatchObject({ status: 'OPEN', role: 'CLIENT', planVersion: 1 })
    expect(contract.milestones.map((m) => [m.title, m.state, m.position])).toEqual([
      ['Design', 'UPCOMING', 0],
      ['Build', 'UPCOMING', 1],
    ])
    expect((await getContract({ actor: expert, contractId: contract.id })).role).toBe('EXPERT')
    expect(await refusal(getContract({ actor: outsider, contractId: contract.id }))).toBe('NOT_FOUND')
    const mail = await outboxFor(contract.id)
    expect(mail.map((m) => [m.to, m.eventType])).toEqual([[expert.email, 'CONTRACT_CREATED']])
    const list = await listContracts({ actor: client })
    expect(list.contracts).toEqual([expect.objectContaining({ id: contract.id, role: 'CLIENT', heldCents: 0, waitingForYou: false })])
  })

  it('saves a plan (add, edit, delete, reorder) in one version and emails the expert the changes', async () => {
    const { client, expert, contract } = await createContractScenario()
    const [design, build] = contract.milestones
    const saved = await savePlan({
      actor: client,
      contractId: contract.id,
      baseVersion: 1,
      milestones: [entry({ title: 'Research', amountCents: 700 as Cents }), { ...entry({ title: 'Build v2', amountCents: 25_000 as Cents }), id: build!.id }],
    })
    expect(saved.planVersion).toBe(2)
    expect(saved.milestones.map((m) => m.title)).toEqual(['Research', 'Build v2'])
    expect(saved.milestones.some((m) => m.id === design!.id)).toBe(false)
    const mail = await outboxFor(contract.id)
    expect(mail.at(-1)).toMatchObject({ to: expert.email, eventType: 'PLAN_SAVED' })
  })

  it('refuses a save based on an old version with the current contract in details, changing nothing', async () => {
    const { client, contract } = await createContractScenario()
    await savePlan({ actor: client, contractId: contract.id, baseVersion: 1, milestones: [entry({ title: 'Only' })] })
    const error = await savePlan({ actor: client, contractId: contract.id, baseVersion: 1, milestones: [] }).catch((e: CommandError) => e)
    expect(error).toMatchObject({ code: 'STALE_PLAN_VERSION' })
    expect((error as CommandError).details).toMatchObject({ id: contract.id, planVersion: 2 })
    expect((await getContract({ actor: client, contractId: contract.id })).milestones.map((m) => m.title)).toEqual(['Only'])
  })

  it('funds, submits, releases in part, then funds the next from the balance with the $5 deposit rule', async () => {
    const { client, expert, contract } = await createContractScenario([entry({ title: 'A', amountCents: 10_000 as Cents }), entry({ title: 'B', amountCents: 3_000 as Cents })])
    const [a, b] = contract.milestones
    expect(await refusal(fundMilestone({ actor: client, contractId: contract.id, milestoneId: b!.id }))).toBe('NOT_NEXT_MILESTONE')
    expect(await refusal(fundMilestone({ actor: expert, contractId: contract.id, milestoneId: a!.id }))).toBe('FORBIDDEN_FOR_ROLE')
    const funded = await fundMilestone({ actor: client, contractId: contract.id, milestoneId: a!.id })
    expect(funded.milestones[0]).toMatchObject({ state: 'FUNDED', fundedCents: 10_000 })
    expect(funded.escrow).toMatchObject({ depositedCents: 10_000, heldCents: 10_000, balanceCents: 0 })
    await submitWork({ actor: expert, contractId: contract.id, milestoneId: a!.id, message: 'Done' })
    const released = await releasePayment({ actor: client, contractId: contract.id, milestoneId: a!.id, amountCents: 7_200 })
    expect(released.milestones[0]).toMatchObject({ state: 'RELEASED', releasedCents: 7_200 })
    expect(released.escrow).toMatchObject({ releasedCents: 7_200, heldCents: 2_800, balanceCents: 2_800 })
    // The list's progress: 2,800 in escrow, and B's 3,000 less the 2,800 balance still to fund.
    const [summary] = (await listContracts({ actor: client })).contracts
    expect(summary).toMatchObject({ heldCents: 2_800, releasedCents: 7_200, refundedCents: 0, toFundCents: 200 })
    // B costs 3,000; the balance pays 2,800; the 200 rest is below $5, so the deposit is 500.
    const next = await fundMilestone({ actor: client, contractId: contract.id, milestoneId: b!.id })
    expect(next.escrow).toMatchObject({ depositedCents: 10_500, heldCents: 3_300, balanceCents: 300 })
    const ledger = await db.ledgerEntry.findMany({ where: { contractId: contract.id }, orderBy: { createdAt: 'asc' } })
    expect(ledger.map((e) => [e.kind, Number(e.amountCents)])).toEqual([
      ['DEPOSIT', 10_000],
      ['RELEASE', 7_200],
      ['DEPOSIT', 500],
    ])
    expect(await findReconciliationProblems([contract.id])).toEqual([])
    const events = (await listActivity({ actor: expert, contractId: contract.id })).events.map((e) => e.type)
    expect(events.slice(0, 4)).toEqual(['MILESTONE_FUNDED', 'PAYMENT_RELEASED', 'WORK_SUBMITTED', 'MILESTONE_FUNDED'])
  })

  it('runs the change-request lifecycle: pending blocks the client, accept applies, decline and withdraw end it', async () => {
    const { client, expert, contract } = await createContractScenario()
    const request = await proposeChanges({
      actor: expert,
      contractId: contract.id,
      baseVersion: 1,
      milestones: [...contract.milestones.map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents as Cents })), entry({ title: 'Extra' })],
      message: 'One more',
    })
    expect(request.changeRequest).toMatchObject({ message: 'One more', baseVersion: 1 })
    expect((await listContracts({ actor: client })).contracts[0]?.waitingForYou).toBe(true)
    expect(await refusal(savePlan({ actor: client, contractId: contract.id, baseVersion: 1, milestones: [] }))).toBe('CHANGE_REQUEST_PENDING')
    const accepted = await acceptChanges({ actor: client, contractId: contract.id, requestId: request.changeRequest!.id })
    expect(accepted.changeRequest).toBeNull()
    expect(accepted.milestones.map((m) => m.title)).toEqual(['Design', 'Build', 'Extra'])
    expect((await db.changeRequest.findFirstOrThrow({ where: { id: request.changeRequest!.id } })).status).toBe('ACCEPTED')

    const second = await proposeChanges({ actor: expert, contractId: contract.id, baseVersion: accepted.planVersion, milestones: [], message: 'Drop all' })
    await declineChanges({ actor: client, contractId: contract.id, requestId: second.changeRequest!.id, reason: 'No' })
    expect(await db.changeRequest.findFirstOrThrow({ where: { id: second.changeRequest!.id } })).toMatchObject({ status: 'DECLINED', reason: 'No' })
    const third = await proposeChanges({ actor: expert, contractId: contract.id, baseVersion: accepted.planVersion, milestones: [], message: 'Again' })
    expect(await refusal(withdrawChanges({ actor: client, contractId: contract.id, requestId: third.changeRequest!.id }))).toBe('FORBIDDEN_FOR_ROLE')
    await withdrawChanges({ actor: expert, contractId: contract.id, requestId: third.changeRequest!.id })
    expect(await refusal(acceptChanges({ actor: client, contractId: contract.id, requestId: third.changeRequest!.id }))).toBe('NO_PENDING_CHANGE_REQUEST')
    const mail = (await outboxFor(contract.id)).map((m) => [m.to, m.eventType])
    expect(mail).toContainEqual([client.email, 'CHANGES_REQUESTED'])
    expect(mail).toContainEqual([expert.email, 'CHANGE_REQUEST_ACCEPTED'])
    expect(mail).toContainEqual([expert.email, 'CHANGE_REQUEST_DECLINED'])
    expect(mail).toContainEqual([client.email, 'CHANGE_REQUEST_WITHDRAWN'])
  })

  it('closes with a partial refund the expert accepts, then takes one review from each side', async () => {
    const { client, expert, contract } = await createContractScenario()
    await fundMilestone({ actor: client, contractId: contract.id, milestoneId: contract.milestones[0]!.id })
    expect(await refusal(leaveReview({ actor: client, contractId: contract.id, rating: 5, timelinessRating: 5, comment: '' }))).toBe('CONTRACT_NOT_CLOSED')
    expect(await refusal(closeContract({ actor: client, contractId: contract.id, refundCents: 10_001 }))).toBe('REFUND_EXCEEDS_HELD')
    const proposed = await closeContract({ actor: client, contractId: contract.id, refundCents: 4_000 })
    expect(proposed.closeProposal).toMatchObject({ refundCents: 4_000, releaseCents: 6_000 })
    await declineClose({ actor: expert, contractId: contract.id })
    await closeContract({ actor: client, contractId: contract.id, refundCents: 4_000 })
    const closed = await acceptClose({ actor: expert, contractId: contract.id })
    expect(closed.status).toBe('CLOSED')
    expect(closed.escrow).toMatchObject({ depositedCents: 10_000, releasedCents: 6_000, refundedCents: 4_000, heldCents: 0 })
    expect(await refusal(savePlan({ actor: client, contractId: contract.id, baseVersion: closed.planVersion, milestones: [] }))).toBe('CONTRACT_CLOSED')
    await leaveReview({ actor: client, contractId: contract.id, rating: 4, timelinessRating: 5, comment: 'Good' })
    await leaveReview({ actor: expert, contractId: contract.id, rating: 5, comment: 'Clear' })
    expect(await refusal(leaveReview({ actor: expert, contractId: contract.id, rating: 5, comment: '' }))).toBe('ALREADY_REVIEWED')
    expect((await getContract({ actor: client, contractId: contract.id })).reviews).toHaveLength(2)
    expect(await findReconciliationProblems([contract.id])).toEqual([])
  })

  it('loads every milestone as stored: in progress, released, and upcoming ones whatever they hold', async () => {
    const { client, expert, contract } = await createContractScenario([entry({ title: 'A' }), entry({ title: 'B' }), entry({ title: 'C' })])
    const [a, b] = contract.milestones
    await fundMilestone({ actor: client, contractId: contract.id, milestoneId: a!.id })
    await submitWork({ actor: expert, contractId: contract.id, milestoneId: a!.id, message: 'Done', links: ['https://example.com/a'] })
    await releasePayment({ actor: client, contractId: contract.id, milestoneId: a!.id, amountCents: contract.milestones[0]!.amountCents })
    await fundMilestone({ actor: client, contractId: contract.id, milestoneId: b!.id })
    // An upcoming milestone holding something besides the defaults (no command writes this; the
    // load must not assume it).
    await db.$executeRaw`UPDATE "Milestone" SET "fundedCents" = 100 WHERE "contractId" = ${contract.id} AND "position" = 2`
    const rows = await db.milestone.findMany({ where: { contractId: contract.id }, orderBy: { position: 'asc' } })
    const loaded = (await loadContract(poolSql(), contract.id))!.contract.milestones
    expect(loaded.map((m) => m.id)).toEqual(rows.map((r) => r.id))
    expect(loaded.map((m) => [m.state, m.fundedCents, m.releasedCents, m.fundedAt, m.submittedAt, m.releasedAt, m.submission?.message ?? null])).toEqual(
      rows.map((r) => [r.state, r.fundedCents, r.releasedCents, r.fundedAt, r.submittedAt, r.releasedAt, r.submissionMessage]),
    )
    expect(loaded[0]!.submission).toMatchObject({ message: 'Done', links: ['https://example.com/a'] })
    expect(loaded[2]).toMatchObject({ state: 'UPCOMING', fundedCents: 100 })
  })

  it('refuses unknown contracts and milestones with NOT_FOUND', async () => {
    const { client, contract } = await createContractScenario()
    expect(await refusal(fundMilestone({ actor: client, contractId: 'no-such-contract', milestoneId: 'x' }))).toBe('NOT_FOUND')
    expect(await refusal(fundMilestone({ actor: client, contractId: contract.id, milestoneId: 'no-such-milestone' }))).toBe('NOT_FOUND')
  })
})
