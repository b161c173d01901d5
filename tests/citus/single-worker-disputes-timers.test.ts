import { afterEach, describe, expect, it, vi } from 'vitest'
import * as rules from '@/domain'
import type { Cents } from '@/domain/money'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { proposeChanges } from '@/server/contracts/propose-changes'
import { requestExtension } from '@/server/contracts/extensions'
import { submitWork } from '@/server/contracts/submit-work'
import { getDb } from '@/server/db/client'
import { acceptDisputeOffer } from '@/server/disputes/accept-dispute-offer'
import { decideDispute } from '@/server/disputes/decide-dispute'
import { escalateDispute } from '@/server/disputes/escalate-dispute'
import { makeDisputeOffer } from '@/server/disputes/make-dispute-offer'
import { openDispute } from '@/server/disputes/open-dispute'
import { dueJobHandler } from '@/server/jobs/due-job'
import { runDueJobs } from '@/server/jobs/run-jobs'
import { createOperator, entry } from '../factories'
import { expectWebhookDeliveries, subscribedScenario, tally } from './workers'

// Runs only on a Citus cluster (`npm run test:citus`, project `citus`): disputes, the operator's
// decision and every due timer reach exactly one worker, as the member commands do
// (single-worker.test.ts; tests/citus/workers.ts says how it is counted).

// The timers run through the worker's real path (claim the DUE job, dueJobHandler, the locked
// system command, mark it done) with this file's application clock moved to when they are due; a
// demo clock in the shared database would move for every suite running beside this one.
const clock = vi.hoisted(() => ({ offsetMs: 0 }))
vi.mock('@/server/clock', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/server/clock')>()),
  // Also what a command reads under its lock (runContractCommand, runSystemCommand).
  now: async () => new Date(Date.now() + clock.offsetMs),
}))
afterEach(() => {
  clock.offsetMs = 0
})

const db = getDb()

/** Fires this contract's DUE timer of `kind` (the first one due) with the clock a second past its time. */
async function fireTimer(contractId: string, kind: string) {
  const job = await db.job.findFirstOrThrow({ where: { contractId, kind: 'DUE', tag: kind, doneAt: null }, orderBy: { runAt: 'asc' } })
  clock.offsetMs = job.runAt.getTime() + 1_000 - Date.now()
  const report = await runDueJobs({ db, handlers: { DUE: dueJobHandler }, now: new Date(job.runAt.getTime() + 1_000), only: { ids: [job.id] } })
  expect(report).toMatchObject({ claimed: 1, done: 1 })
  clock.offsetMs = 0
}

const eventsOf = (contractId: string, type: string) => db.activityEvent.count({ where: { contractId, type } })

describe('on Citus disputes and due timers stay on one worker', () => {
  it('disputes: open, offer, accept offer, escalate, operator decides', async () => {
    const { touched, run } = tally()
    const { client, expert, contract } = await subscribedScenario([entry({ title: 'Design' }), entry({ title: 'Build', amountCents: 20_000 as Cents })])
    const contractId = contract.id
    const [design, build] = contract.milestones
    await fundMilestone({ actor: client, contractId, milestoneId: design!.id })
    const opened = await run('open dispute', () => openDispute({ actor: expert, contractId, statement: 'Delivered as agreed.', releaseCents: 8_000 }))
    const disputeId = opened.dispute!.id
    const offered = await run('dispute offer', () => makeDisputeOffer({ actor: client, contractId, disputeId, statement: 'Half is missing.', releaseCents: 3_000 }))
    const settled = await run('accept offer', () => acceptDisputeOffer({ actor: expert, contractId, disputeId, offerId: offered.dispute!.offers[1]!.id }))
    expect(settled.dispute!.status).toBe('SETTLED')

    await fundMilestone({ actor: client, contractId, milestoneId: build!.id })
    const second = (await openDispute({ actor: expert, contractId, statement: 'Done.', releaseCents: 20_000 })).dispute!.id
    await makeDisputeOffer({ actor: client, contractId, disputeId: second, statement: 'Not done.', releaseCents: 0 })
    const escalated = await run('escalate', () => escalateDispute({ actor: client, contractId, disputeId: second }))
    expect(escalated.dispute!.status).toBe('ESCALATED')
    const operator = await createOperator(1)
    const decided = await run('operator decides', () => decideDispute({ actor: operator, contractId, disputeId: second, releaseCents: 5_000, reason: 'A quarter works.' }))
    expect(decided.dispute.status).toBe('SETTLED')
    await expectWebhookDeliveries(contractId)
    console.log(`[citus] workers touched: ${JSON.stringify(touched)}`)
    expect(touched).toEqual({ 'open dispute': 1, 'dispute offer': 1, 'accept offer': 1, escalate: 1, 'operator decides': 1 })
  })

  it('review timers: review reminder and auto-release', async () => {
    const { touched, run } = tally()
    const { client, expert, contract } = await subscribedScenario()
    const contractId = contract.id
    const milestoneId = contract.milestones[0]!.id
    await fundMilestone({ actor: client, contractId, milestoneId })
    await submitWork({ actor: expert, contractId, milestoneId, message: 'Done' })
    await run('review reminder', () => fireTimer(contractId, rules.REVIEW_REMINDER))
    expect(await eventsOf(contractId, 'REVIEW_REMINDER')).toBe(1)
    await run('auto-release', () => fireTimer(contractId, rules.AUTO_RELEASE))
    expect(await eventsOf(contractId, 'AUTO_RELEASED')).toBe(1)
    await expectWebhookDeliveries(contractId)
    console.log(`[citus] workers touched: ${JSON.stringify(touched)}`)
    expect(touched).toEqual({ 'review reminder': 1, 'auto-release': 1 })
  })

  it('expiry timers: change request, extension request, dispute escalation', async () => {
    const { touched, run } = tally()
    const { client, expert, contract } = await subscribedScenario([entry({ title: 'Design', dueDate: '2099-01-10' }), entry({ title: 'Build' })])
    const contractId = contract.id
    const milestoneId = contract.milestones[0]!.id
    await proposeChanges({ actor: expert, contractId, baseVersion: 1, milestones: [entry({ title: 'Other' })], message: 'Swap' })
    await run('change request expiry', () => fireTimer(contractId, rules.CHANGE_REQUEST_EXPIRY))
    expect(await eventsOf(contractId, 'CHANGE_REQUEST_EXPIRED')).toBe(1)

    await fundMilestone({ actor: client, contractId, milestoneId })
    await requestExtension({ actor: expert, contractId, milestoneId, days: 3, reason: 'Waiting for assets' })
    await run('extension expiry', () => fireTimer(contractId, rules.EXTENSION_EXPIRY))
    expect(await eventsOf(contractId, 'EXTENSION_EXPIRED')).toBe(1)

    await openDispute({ actor: expert, contractId, statement: 'Delivered as agreed.', releaseCents: 8_000 })
    await run('dispute escalation', () => fireTimer(contractId, rules.DISPUTE_ESCALATION))
    expect(await eventsOf(contractId, 'DISPUTE_ESCALATED')).toBe(1)
    await expectWebhookDeliveries(contractId)
    console.log(`[citus] workers touched: ${JSON.stringify(touched)}`)
    expect(touched).toEqual({ 'change request expiry': 1, 'extension expiry': 1, 'dispute escalation': 1 })
  })
})
