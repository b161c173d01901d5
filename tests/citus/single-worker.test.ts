import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Cents } from '@/domain/money'
import type { Actor } from '@/domain/types'
import { acceptChanges } from '@/server/contracts/accept-changes'
import { acceptClose } from '@/server/contracts/accept-close'
import { closeContract } from '@/server/contracts/close-contract'
import { counterChanges } from '@/server/contracts/counter-changes'
import { createContract } from '@/server/contracts/create-contract'
import { declineChanges } from '@/server/contracts/decline-changes'
import { declineClose } from '@/server/contracts/decline-close'
import { exportContract } from '@/server/contracts/export-contract'
import { acceptExtension, declineExtension, requestExtension } from '@/server/contracts/extensions'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { getContract } from '@/server/contracts/get-contract'
import { leaveReview } from '@/server/contracts/leave-review'
import { listActivity } from '@/server/contracts/list-activity'
import { listContracts } from '@/server/contracts/list-contracts'
import { getPlanVersion, listPlanVersions } from '@/server/contracts/plan-versions'
import { proposeChanges } from '@/server/contracts/propose-changes'
import { releasePayment } from '@/server/contracts/release-payment'
import { extendReview, requestWorkChanges, withdrawSubmission } from '@/server/contracts/review-window'
import { savePlan } from '@/server/contracts/save-plan'
import { submitWork } from '@/server/contracts/submit-work'
import { withdrawChanges } from '@/server/contracts/withdraw-changes'
import { escalateDispute } from '@/server/disputes/escalate-dispute'
import { getOperatorDispute } from '@/server/disputes/get-operator-dispute'
import { listEscalatedDisputes } from '@/server/disputes/list-escalated-disputes'
import { openDispute } from '@/server/disputes/open-dispute'
import { createOperator, createUser, entry } from '../factories'
import { expectWebhookDeliveries, subscribe, subscribedScenario, tally } from './workers'

// Runs only on a Citus cluster (`npm run test:citus`, project `citus`): every command a member
// sends about one contract reaches exactly one worker (tests/citus/workers.ts says how it is
// counted). Disputes, the operator and the due timers: single-worker-disputes-timers.test.ts.

describe('on Citus every member command of a contract stays on one worker', () => {
  it('create: a contract with an expert who has an account', async () => {
    const { touched, run } = tally()
    const [client, expert] = await Promise.all([createUser({ name: 'Client' }), createUser({ name: 'Expert' })])
    await Promise.all([subscribe(client), subscribe(expert)])
    const created = await run('create', () => createContract({ actor: client, title: 'New', expertEmail: expert.email, milestones: [entry()] }))
    expect(created.status).toBe('OPEN')
    await expectWebhookDeliveries(created.id)
    console.log(`[citus] workers touched: ${JSON.stringify(touched)}`)
    expect(touched).toEqual({ create: 1 })
  })

  it('reads: contract, activity, plan versions, one plan version, export', async () => {
    const { touched, run } = tally()
    const { client, expert, contract } = await subscribedScenario()
    await fundMilestone({ actor: client, contractId: contract.id, milestoneId: contract.milestones[0]!.id })
    const contractId = contract.id
    expect((await run('read', () => getContract({ actor: client, contractId }))).escrow.heldCents).toBe(10_000)
    expect((await run('activity', () => listActivity({ actor: expert, contractId }))).events.length).toBeGreaterThan(1)
    expect((await run('plan versions', () => listPlanVersions({ actor: client, contractId }))).versions).toHaveLength(2)
    expect((await run('plan version', () => getPlanVersion({ actor: expert, contractId, version: 2 }))).changes).toEqual([])
    expect((await run('export', () => exportContract({ actor: client, contractId, format: 'csv' }))).body).toContain('DEPOSIT')
    console.log(`[citus] workers touched: ${JSON.stringify(touched)}`)
    expect(touched).toEqual({ read: 1, activity: 1, 'plan versions': 1, 'plan version': 1, export: 1 })
  })

  it('plan and money: save, fund, submit, request changes, withdraw submission, extend review, release', async () => {
    const { touched, run } = tally()
    const { client, expert, contract } = await subscribedScenario()
    const [design, build] = contract.milestones
    const contractId = contract.id
    const milestoneId = design!.id
    const plan = [entry({ id: design!.id, title: 'Design' }), entry({ id: build!.id, title: 'Build it', amountCents: 20_000 as Cents }), entry({ title: 'Ship' })]
    await run('save', () => savePlan({ actor: client, contractId, baseVersion: contract.planVersion, milestones: plan }))
    await run('fund', () => fundMilestone({ actor: client, contractId, milestoneId }))
    await run('submit', () => submitWork({ actor: expert, contractId, milestoneId, message: 'Done', links: ['https://example.com/design'] }))
    const changed = await run('request changes', () => requestWorkChanges({ actor: client, contractId, milestoneId, message: 'Bigger logo' }))
    expect(changed.milestones[0]!.state).toBe('FUNDED')
    await submitWork({ actor: expert, contractId, milestoneId, message: 'Bigger now' })
    const withdrawn = await run('withdraw submission', () => withdrawSubmission({ actor: expert, contractId, milestoneId }))
    expect(withdrawn.milestones[0]!.state).toBe('FUNDED')
    await submitWork({ actor: expert, contractId, milestoneId, message: 'Final' })
    await run('extend review', () => extendReview({ actor: client, contractId, milestoneId, days: 2, reason: 'Travelling' }))
    const released = await run('release', () => releasePayment({ actor: client, contractId, milestoneId, amountCents: 4_000 as Cents, idempotencyKey: `release-${contractId}` }))
    expect(released.escrow.releasedCents).toBe(4_000)
    await expectWebhookDeliveries(contractId)
    console.log(`[citus] workers touched: ${JSON.stringify(touched)}`)
    expect(touched).toEqual({ save: 1, fund: 1, submit: 1, 'request changes': 1, 'withdraw submission': 1, 'extend review': 1, release: 1 })
  })

  it('change requests: propose, counter, accept, decline, withdraw', async () => {
    const { touched, run } = tally()
    const { client, expert, contract } = await subscribedScenario()
    const contractId = contract.id
    const plan = contract.milestones.map((m) => entry({ id: m.id, title: m.title, amountCents: m.amountCents }))
    const propose = (actor: Actor, baseVersion: number, title: string) =>
      proposeChanges({ actor, contractId, baseVersion, milestones: [...plan, entry({ title })], message: `Add ${title}` })
    const proposed = await run('propose changes', () => propose(expert, 1, 'Extra'))
    const countered = await run('counter changes', () =>
      counterChanges({ actor: client, contractId, requestId: proposed.changeRequest!.id, baseVersion: 1, milestones: [...plan, entry({ title: 'Cheaper extra', amountCents: 3_000 as Cents })], message: 'Cheaper?' }),
    )
    const accepted = await run('accept changes', () => acceptChanges({ actor: expert, contractId, requestId: countered.changeRequest!.id }))
    expect(accepted.milestones.map((m) => m.title)).toContain('Cheaper extra')
    const second = await propose(expert, accepted.planVersion, 'Second')
    const declined = await run('decline changes', () => declineChanges({ actor: client, contractId, requestId: second.changeRequest!.id, reason: 'Not now' }))
    expect(declined.changeRequest).toBeNull()
    const third = await propose(expert, declined.planVersion, 'Third')
    const withdrawn = await run('withdraw changes', () => withdrawChanges({ actor: expert, contractId, requestId: third.changeRequest!.id }))
    expect(withdrawn.changeRequest).toBeNull()
    await expectWebhookDeliveries(contractId)
    console.log(`[citus] workers touched: ${JSON.stringify(touched)}`)
    expect(touched).toEqual({ 'propose changes': 1, 'counter changes': 1, 'accept changes': 1, 'decline changes': 1, 'withdraw changes': 1 })
  })

  it('extensions: request, accept, decline', async () => {
    const { touched, run } = tally()
    const { client, expert, contract } = await subscribedScenario([entry({ title: 'Design', dueDate: '2099-01-10' }), entry({ title: 'Build' })])
    const contractId = contract.id
    const milestoneId = contract.milestones[0]!.id
    await fundMilestone({ actor: client, contractId, milestoneId })
    const ask = (days: number) => requestExtension({ actor: expert, contractId, milestoneId, days, reason: 'Waiting for assets' })
    const asked = await run('request extension', () => ask(5))
    const accepted = await run('accept extension', () => acceptExtension({ actor: client, contractId, requestId: asked.milestones[0]!.extensionRequest!.id }))
    expect(accepted.milestones[0]!.dueDate).toBe('2099-01-15')
    const again = await ask(2)
    const declined = await run('decline extension', () => declineExtension({ actor: client, contractId, requestId: again.milestones[0]!.extensionRequest!.id }))
    expect(declined.milestones[0]).toMatchObject({ dueDate: '2099-01-15', extensionRequest: null })
    await expectWebhookDeliveries(contractId)
    console.log(`[citus] workers touched: ${JSON.stringify(touched)}`)
    expect(touched).toEqual({ 'request extension': 1, 'accept extension': 1, 'decline extension': 1 })
  })

  it('close and reviews: close, decline close, accept close, leave review', async () => {
    const { touched, run } = tally()
    const { client, expert, contract } = await subscribedScenario()
    const contractId = contract.id
    await fundMilestone({ actor: client, contractId, milestoneId: contract.milestones[0]!.id })
    await run('close', () => closeContract({ actor: client, contractId, refundCents: 4_000, idempotencyKey: `close-${contractId}` }))
    await run('decline close', () => declineClose({ actor: expert, contractId }))
    await closeContract({ actor: client, contractId, refundCents: 4_000 })
    const closed = await run('accept close', () => acceptClose({ actor: expert, contractId, idempotencyKey: `accept-close-${contractId}` }))
    expect(closed.status).toBe('CLOSED')
    const reviewed = await run('leave review', () => leaveReview({ actor: client, contractId, rating: 5, timelinessRating: 4, comment: 'Good' }))
    expect(reviewed.reviews).toHaveLength(1)
    await expectWebhookDeliveries(contractId)
    console.log(`[citus] workers touched: ${JSON.stringify(touched)}`)
    expect(touched).toEqual({ close: 1, 'decline close': 1, 'accept close': 1, 'leave review': 1 })
  })
})

// Not commands on one contract, measured so the count is seen to fail and the cost is known
// (SCALING.md, remaining limits).
describe('on Citus what is not about one contract reaches every worker', () => {
  it('the Contracts list, the operator queue, an operator dispute found by its id alone, an invited expert', async () => {
    const { touched, run } = tally()
    const { client, expert, contract } = await subscribedScenario()
    const contractId = contract.id
    await fundMilestone({ actor: client, contractId, milestoneId: contract.milestones[0]!.id })
    const disputeId = (await openDispute({ actor: expert, contractId, statement: 'Done.', releaseCents: 10_000 })).dispute!.id
    await escalateDispute({ actor: client, contractId, disputeId })
    const operator = await createOperator(1)
    // Contracts where the user is client or expert: "Contract" is distributed by its id.
    expect((await run('contracts list', () => listContracts({ actor: client }))).contracts.map((c) => c.id)).toContain(contractId)
    // Escalated disputes of every contract, oldest first.
    expect((await run('operator queue', () => listEscalatedDisputes({ actor: operator }))).disputes.map((d) => d.id)).toContain(disputeId)
    // The operator's page (/operator/disputes/[id]) knows only the dispute's id: finding its
    // contract asks every worker; the rest of the read then stays on the contract's worker.
    expect((await run('operator dispute page', () => getOperatorDispute({ actor: operator, disputeId }))).dispute.id).toBe(disputeId)
    // An expert with no account yet gets one: "User" is a reference table, written on every node.
    await run('create inviting a new expert', () => createContract({ actor: client, title: 'New', expertEmail: `new-${randomUUID()}@test.tranche`, milestones: [entry()] }))
    console.log(`[citus] workers touched: ${JSON.stringify(touched)}`)
    expect(touched).toEqual({ 'contracts list': 2, 'operator queue': 2, 'operator dispute page': 2, 'create inviting a new expert': 2 })
  })
})
