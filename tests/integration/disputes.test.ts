import { describe, expect, it } from 'vitest'
import { DISPUTE_ESCALATION } from '@/domain/disputes'
import type { Cents } from '@/domain/money'
import { closeContract } from '@/server/contracts/close-contract'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { getContract } from '@/server/contracts/get-contract'
import { findReconciliationProblems } from '@/server/contracts/reconcile'
import { releasePayment } from '@/server/contracts/release-payment'
import { submitWork } from '@/server/contracts/submit-work'
import { getDb } from '@/server/db/client'
import { acceptDisputeOffer } from '@/server/disputes/accept-dispute-offer'
import { decideDispute } from '@/server/disputes/decide-dispute'
import { escalateDispute } from '@/server/disputes/escalate-dispute'
import { getOperatorDispute } from '@/server/disputes/get-operator-dispute'
import { listEscalatedDisputes } from '@/server/disputes/list-escalated-disputes'
import { makeDisputeOffer } from '@/server/disputes/make-dispute-offer'
import { openDispute } from '@/server/disputes/open-dispute'
import { CommandError } from '@/server/errors'
import { dueJobHandler } from '@/server/jobs/due-job'
import { runDueJobs } from '@/server/jobs/run-jobs'
import { isOperatorEmail } from '@/server/operators'
import { createContractScenario, createOperator, entry } from '../factories'
import { findEmails } from '../setup/emails'
import { refusal } from '../setup/refusal'

// R21 on the real database: each step's rows, emails and ledger; races between parties, and
// between operators, end in one outcome with a clear refusal for the other and a balanced ledger.

const db = getDb()
const DAY = 86_400_000

async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises)
  const ok = results.filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled').map((r) => r.value)
  const codes = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason instanceof CommandError ? r.reason.code : String(r.reason)))
  return { ok, codes }
}


/** A contract whose first milestone ($100.00) is funded, and a dispute the expert opened asking $80.00. */
async function disputedScenario() {
  const scenario = await createContractScenario([entry({ title: 'Design', amountCents: 10_000 as Cents }), entry({ title: 'Build' })])
  const { client, expert, contract } = scenario
  const milestoneId = contract.milestones[0]!.id
  await fundMilestone({ actor: client, contractId: contract.id, milestoneId })
  const opened = await openDispute({ actor: expert, contractId: contract.id, statement: 'Delivered as agreed.', releaseCents: 8_000 })
  return { ...scenario, milestoneId, dispute: opened.dispute! }
}

async function escalatedScenario() {
  const s = await disputedScenario()
  await makeDisputeOffer({ actor: s.client, contractId: s.contract.id, disputeId: s.dispute.id, statement: 'Half is missing.', releaseCents: 3_000 })
  await escalateDispute({ actor: s.client, contractId: s.contract.id, disputeId: s.dispute.id })
  return s
}

const ledgerOf = async (contractId: string) =>
  (await db.ledgerEntry.findMany({ where: { contractId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map((e) => [e.kind, Number(e.amountCents), e.milestoneId])

describe('disputes (services)', () => {
  it('open → counter-offer → accept: stored, emailed to the other party, logged, money moved in one transaction', async () => {
    const { client, expert, contract, milestoneId, dispute } = await disputedScenario()
    expect(dispute).toMatchObject({ status: 'OPEN', milestoneId, openedBy: 'EXPERT', heldCents: 10_000, offers: [{ by: 'EXPERT', releaseCents: 8_000, statement: 'Delivered as agreed.' }] })
    expect(await refusal(releasePayment({ actor: client, contractId: contract.id, milestoneId, amountCents: 100 }))).toBe('DISPUTE_OPEN')
    expect(await refusal(closeContract({ actor: expert, contractId: contract.id }))).toBe('DISPUTE_OPEN')
    const countered = await makeDisputeOffer({ actor: client, contractId: contract.id, disputeId: dispute.id, statement: 'Half is missing.', releaseCents: 3_000 })
    const offerId = countered.dispute!.offers[1]!.id
    expect(countered.allowedActions).toEqual(['EDIT_PLAN', 'ESCALATE_DISPUTE'])
    const settled = await acceptDisputeOffer({ actor: expert, contractId: contract.id, disputeId: dispute.id, offerId })
    expect(settled.dispute).toMatchObject({ status: 'SETTLED', acceptedOfferId: offerId, decision: null })
    expect(settled.milestones[0]).toMatchObject({ state: 'RELEASED', releasedCents: 3_000 })
    expect(settled.escrow).toMatchObject({ depositedCents: 10_000, releasedCents: 3_000, refundedCents: 7_000, heldCents: 0 })
    expect((await getContract({ actor: client, contractId: contract.id })).allowedActions).toContain('FUND_MILESTONE')
    expect(await ledgerOf(contract.id)).toEqual([
      ['DEPOSIT', 10_000, milestoneId],
      ['RELEASE', 3_000, milestoneId],
      ['REFUND', 7_000, milestoneId],
    ])
    expect(await findReconciliationProblems([contract.id])).toEqual([])
    const emails = await findEmails(db, { contractId: contract.id })
    expect(emails.filter((e) => e.eventType?.startsWith('DISPUTE_')).map((e) => [e.eventType, e.to])).toEqual([
      ['DISPUTE_OPENED', client.email],
      ['DISPUTE_OFFER_MADE', expert.email],
      ['DISPUTE_OFFER_ACCEPTED', client.email],
    ])
    const activity = await db.activityEvent.findMany({ where: { contractId: contract.id, type: { startsWith: 'DISPUTE_' } }, orderBy: { createdAt: 'asc' } })
    expect(activity.map((a) => [a.type, a.actorId])).toEqual([
      ['DISPUTE_OPENED', expert.userId],
      ['DISPUTE_OFFER_MADE', client.userId],
      ['DISPUTE_OFFER_ACCEPTED', expert.userId],
    ])
    // The next milestone can be funded again, and a new dispute opened about it.
    await fundMilestone({ actor: client, contractId: contract.id, milestoneId: contract.milestones[1]!.id })
    const second = await openDispute({ actor: client, contractId: contract.id, statement: 'Again.', releaseCents: 0 })
    expect(second.dispute).toMatchObject({ status: 'OPEN', milestoneId: contract.milestones[1]!.id })
  })

  it('escalate → operator decides: both parties emailed, the operator logged as the actor, R14 kept', async () => {
    const { client, expert, contract, milestoneId, dispute } = await escalatedScenario()
    const operator = await createOperator(1)
    const listed = await listEscalatedDisputes({ actor: operator })
    expect(listed.disputes).toContainEqual(expect.objectContaining({ id: dispute.id, contractId: contract.id, contractTitle: 'Test contract', milestoneTitle: 'Design', heldCents: 10_000 }))
    const before = await getOperatorDispute({ actor: operator, disputeId: dispute.id })
    expect(before.dispute.offers.map((o) => o.statement)).toEqual(['Delivered as agreed.', 'Half is missing.'])
    expect(before.events.map((e) => e.type)).toContain('DISPUTE_ESCALATED')
    expect(before.ledger).toEqual([expect.objectContaining({ kind: 'DEPOSIT', amountCents: 10_000 })])
    const decided = await decideDispute({ actor: operator, contractId: contract.id, disputeId: dispute.id, releaseCents: 4_500, reason: 'Half the pages work.' })
    expect(decided.dispute).toMatchObject({ status: 'SETTLED', decision: { releaseCents: 4_500, refundCents: 5_500, reason: 'Half the pages work.' } })
    expect(decided.milestone).toMatchObject({ id: milestoneId, state: 'RELEASED', releasedCents: 4_500 })
    expect(decided.ledger.map((e) => [e.kind, e.amountCents])).toEqual([
      ['DEPOSIT', 10_000],
      ['RELEASE', 4_500],
      ['REFUND', 5_500],
    ])
    expect((await listEscalatedDisputes({ actor: operator })).disputes.map((d) => d.id)).not.toContain(dispute.id)
    const decisionMail = (await findEmails(db, { contractId: contract.id })).filter((e) => e.eventType === 'DISPUTE_DECIDED')
    expect(decisionMail.map((e) => e.to).sort()).toEqual([client.email, expert.email].sort())
    expect(decisionMail[0]!.text).toMatch(/Half the pages work\./)
    const event = await db.activityEvent.findFirstOrThrow({ where: { contractId: contract.id, type: 'DISPUTE_DECIDED' } })
    expect(event.actorId).toBe(operator.userId)
    expect((await getContract({ actor: client, contractId: contract.id })).dispute).toMatchObject({ status: 'SETTLED', decision: { releaseCents: 4_500 } })
    expect(await findReconciliationProblems([contract.id])).toEqual([])
  })

  it('non-operators, the parties included, get NOT_FOUND from every operator service', async () => {
    const { client, expert, outsider, contract, dispute } = await escalatedScenario()
    for (const actor of [client, expert, outsider]) {
      expect(await refusal(listEscalatedDisputes({ actor }))).toBe('NOT_FOUND')
      expect(await refusal(getOperatorDispute({ actor, disputeId: dispute.id }))).toBe('NOT_FOUND')
      expect(await refusal(decideDispute({ actor, contractId: contract.id, disputeId: dispute.id, releaseCents: 0, reason: 'x' }))).toBe('NOT_FOUND')
    }
    expect(await refusal(getOperatorDispute({ actor: await createOperator(1), disputeId: 'no-such-dispute' }))).toBe('NOT_FOUND')
    expect((await getContract({ actor: client, contractId: contract.id })).dispute!.status).toBe('ESCALATED')
  })

  it('OPERATOR_EMAILS decides who operates; operator@example.com only in a demo', () => {
    const env = { OPERATOR_EMAILS: ['ops@example.com'], DEMO_MODE: false }
    expect(isOperatorEmail('OPS@example.com ', env)).toBe(true)
    expect(isOperatorEmail('operator@example.com', env)).toBe(false)
    expect(isOperatorEmail('operator@example.com', { ...env, DEMO_MODE: true })).toBe(true)
    expect(isOperatorEmail('alice@example.com', { ...env, DEMO_MODE: true })).toBe(false)
  })

  it('two operators deciding at once, and one deciding twice: one decision, DISPUTE_NOT_OPEN for the rest', async () => {
    const { contract, dispute } = await escalatedScenario()
    const [one, two] = [await createOperator(1), await createOperator(2)]
    const { ok, codes } = await settle([
      decideDispute({ actor: one, contractId: contract.id, disputeId: dispute.id, releaseCents: 1_000, reason: 'First' }),
      decideDispute({ actor: two, contractId: contract.id, disputeId: dispute.id, releaseCents: 9_000, reason: 'Second' }),
      decideDispute({ actor: one, contractId: contract.id, disputeId: dispute.id, releaseCents: 5_000, reason: 'Again' }),
    ])
    expect(ok).toHaveLength(1)
    expect(codes).toEqual(['DISPUTE_NOT_OPEN', 'DISPUTE_NOT_OPEN'])
    expect(await db.ledgerEntry.count({ where: { contractId: contract.id, kind: 'RELEASE' } })).toBe(1)
    expect(await findReconciliationProblems([contract.id])).toEqual([])
  })

  it('an operator deciding while a party accepts: one settlement', async () => {
    const { expert, contract, dispute } = await escalatedScenario()
    const stored = await db.disputeOffer.findMany({ where: { contractId: contract.id, disputeId: dispute.id }, orderBy: { position: 'asc' } })
    const { ok, codes } = await settle<unknown>([
      acceptDisputeOffer({ actor: expert, contractId: contract.id, disputeId: dispute.id, offerId: stored[1]!.id }),
      decideDispute({ actor: await createOperator(1), contractId: contract.id, disputeId: dispute.id, releaseCents: 6_000, reason: 'Split' }),
    ])
    expect(ok).toHaveLength(1)
    expect(codes).toEqual(['DISPUTE_NOT_OPEN'])
    expect(await db.ledgerEntry.count({ where: { contractId: contract.id, kind: { in: ['RELEASE', 'REFUND'] } } })).toBe(2)
    expect(await findReconciliationProblems([contract.id])).toEqual([])
  })

  it('an offer accepted while the same party sends a counter-offer: one of them, a clear conflict for the other', async () => {
    for (let round = 0; round < 3; round++) {
      const { client, contract, dispute } = await disputedScenario()
      const { ok, codes } = await settle<unknown>([
        acceptDisputeOffer({ actor: client, contractId: contract.id, disputeId: dispute.id, offerId: dispute.offers[0]!.id }),
        makeDisputeOffer({ actor: client, contractId: contract.id, disputeId: dispute.id, statement: 'Counter', releaseCents: 2_000 }),
      ])
      expect(ok).toHaveLength(1)
      expect(codes).toHaveLength(1)
      // Accept first: the dispute is settled. Counter first: the accepted offer no longer stands.
      expect(['DISPUTE_NOT_OPEN', 'OFFER_SUPERSEDED']).toContain(codes[0])
      expect(await findReconciliationProblems([contract.id])).toEqual([])
    }
  })

  it('a release racing an open dispute, and twenty opens at once: one outcome, the ledger balanced', async () => {
    const scenario = await createContractScenario([entry({ amountCents: 10_000 as Cents })])
    const { client, expert, contract } = scenario
    const milestoneId = contract.milestones[0]!.id
    await fundMilestone({ actor: client, contractId: contract.id, milestoneId })
    const { ok, codes } = await settle<unknown>([
      releasePayment({ actor: client, contractId: contract.id, milestoneId, amountCents: 10_000 }),
      openDispute({ actor: expert, contractId: contract.id, statement: 'Mine', releaseCents: 10_000 }),
    ])
    expect(ok).toHaveLength(1)
    expect(['DISPUTE_OPEN', 'MILESTONE_NOT_IN_PROGRESS']).toContain(codes[0])
    expect(await findReconciliationProblems([contract.id])).toEqual([])

    const other = await createContractScenario([entry({ amountCents: 10_000 as Cents })])
    await fundMilestone({ actor: other.client, contractId: other.contract.id, milestoneId: other.contract.milestones[0]!.id })
    const opens = await settle(Array.from({ length: 20 }, (_, i) => openDispute({ actor: i % 2 ? other.client : other.expert, contractId: other.contract.id, statement: `#${i}`, releaseCents: i * 100 })))
    expect(opens.ok).toHaveLength(1)
    expect(new Set(opens.codes)).toEqual(new Set(['DISPUTE_OPEN']))
    expect(await db.dispute.count({ where: { contractId: other.contract.id } })).toBe(1)
  })

  it('a release racing an accept: the release is refused with DISPUTE_OPEN whichever commits first', async () => {
    const { client, contract, milestoneId, dispute } = await disputedScenario()
    const { ok, codes } = await settle<unknown>([
      releasePayment({ actor: client, contractId: contract.id, milestoneId, amountCents: 10_000 }),
      acceptDisputeOffer({ actor: client, contractId: contract.id, disputeId: dispute.id, offerId: dispute.offers[0]!.id }),
    ])
    expect(ok).toHaveLength(1)
    expect(['DISPUTE_OPEN', 'MILESTONE_NOT_IN_PROGRESS']).toContain(codes[0])
    expect(await ledgerOf(contract.id)).toEqual([
      ['DEPOSIT', 10_000, milestoneId],
      ['RELEASE', 8_000, milestoneId],
      ['REFUND', 2_000, milestoneId],
    ])
    expect(await findReconciliationProblems([contract.id])).toEqual([])
  })

  it('a submitted milestone can be disputed, and refunding everything leaves it REFUNDED', async () => {
    const scenario = await createContractScenario([entry({ amountCents: 10_000 as Cents })])
    const { client, expert, contract } = scenario
    const milestoneId = contract.milestones[0]!.id
    await fundMilestone({ actor: client, contractId: contract.id, milestoneId })
    await submitWork({ actor: expert, contractId: contract.id, milestoneId, message: 'Done.' })
    const opened = await openDispute({ actor: client, contractId: contract.id, statement: 'Nothing works.', releaseCents: 0 })
    const settled = await acceptDisputeOffer({ actor: expert, contractId: contract.id, disputeId: opened.dispute!.id, offerId: opened.dispute!.offers[0]!.id })
    expect(settled.milestones[0]).toMatchObject({ state: 'REFUNDED', releasedCents: 0 })
    expect(await ledgerOf(contract.id)).toEqual([
      ['DEPOSIT', 10_000, milestoneId],
      ['REFUND', 10_000, milestoneId],
    ])
    expect(await findReconciliationProblems([contract.id])).toEqual([])
  })

  it('the 4-day timer: a DUE job escalates an unanswered offer once, and a stale one changes nothing', async () => {
    const { client, expert, contract, dispute } = await disputedScenario()
    const timers = await db.job.findMany({ where: { kind: 'DUE', contractId: contract.id, tag: DISPUTE_ESCALATION }, orderBy: { runAt: 'asc' } })
    expect(timers).toHaveLength(1)
    const openedAt = new Date(dispute.offers[0]!.at).getTime()
    expect(timers[0]!.runAt.getTime()).toBe(openedAt + 4 * DAY)
    // Before its time the job is not due.
    expect(await runDueJobs({ db, handlers: { DUE: dueJobHandler }, now: new Date(openedAt + 4 * DAY - 1), only: { ids: [timers[0]!.id] } })).toMatchObject({ claimed: 0 })
    // Four days pass for the dispute (its offer moved back), then the job is due.
    await db.disputeOffer.updateMany({ where: { contractId: contract.id, disputeId: dispute.id }, data: { createdAt: new Date(Date.now() - 4 * DAY - 1_000) } })
    expect(await runDueJobs({ db, handlers: { DUE: dueJobHandler }, now: new Date(openedAt + 4 * DAY), only: { ids: [timers[0]!.id] } })).toMatchObject({ done: 1 })
    const escalated = await getContract({ actor: client, contractId: contract.id })
    expect(escalated.dispute).toMatchObject({ status: 'ESCALATED', escalatesAt: null })
    const event = await db.activityEvent.findFirstOrThrow({ where: { contractId: contract.id, type: 'DISPUTE_ESCALATED' } })
    expect(event).toMatchObject({ actorId: null, data: expect.objectContaining({ cause: 'OFFER_UNANSWERED' }) })
    const mails = (await findEmails(db, { contractId: contract.id })).filter((e) => e.eventType === 'DISPUTE_ESCALATED')
    expect(mails.map((e) => e.to).sort()).toEqual([client.email, expert.email].sort())

    // A second, answered dispute: its first timer is stale once the answer came.
    const other = await disputedScenario()
    await db.disputeOffer.updateMany({ where: { contractId: other.contract.id }, data: { createdAt: new Date(Date.now() - 4 * DAY - 1_000) } })
    await makeDisputeOffer({ actor: other.client, contractId: other.contract.id, disputeId: other.dispute.id, statement: 'Counter', releaseCents: 1_000 })
    const [first] = await db.job.findMany({ where: { kind: 'DUE', contractId: other.contract.id, tag: DISPUTE_ESCALATION }, orderBy: { runAt: 'asc' } })
    await runDueJobs({ db, handlers: { DUE: dueJobHandler }, now: new Date(Date.now() + 4 * DAY), only: { ids: [first!.id] } })
    expect((await getContract({ actor: other.client, contractId: other.contract.id })).dispute!.status).toBe('OPEN')
    expect(await db.activityEvent.count({ where: { contractId: other.contract.id, type: 'DISPUTE_ESCALATED' } })).toBe(0)
  })

  it('an open dispute stays the one the contract sees, even when a settled one carries a later openedAt (clock skew)', async () => {
    const s = await disputedScenario()
    await acceptDisputeOffer({ actor: s.client, contractId: s.contract.id, disputeId: s.dispute.id, offerId: s.dispute.offers[0]!.id })
    // Another instance's clock ran ahead when the first dispute opened.
    await db.dispute.updateMany({ where: { contractId: s.contract.id, id: s.dispute.id }, data: { openedAt: new Date(Date.now() + DAY) } })
    const next = s.contract.milestones[1]!.id
    await fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId: next })
    const second = (await openDispute({ actor: s.client, contractId: s.contract.id, statement: 'Not started.', releaseCents: 0 })).dispute!
    expect(second.id).not.toBe(s.dispute.id)
    expect((await getContract({ actor: s.client, contractId: s.contract.id })).dispute).toMatchObject({ id: second.id, status: 'OPEN' })
    expect(await refusal(releasePayment({ actor: s.client, contractId: s.contract.id, milestoneId: next, amountCents: 100 }))).toBe('DISPUTE_OPEN')
  })
})
