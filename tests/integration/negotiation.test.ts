import { describe, expect, it } from 'vitest'
import type { Cents } from '@/domain/money'
import { getDb } from '@/server/db/client'
import { CommandError } from '@/server/errors'
import { acceptChanges } from '@/server/contracts/accept-changes'
import { counterChanges } from '@/server/contracts/counter-changes'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { getContract } from '@/server/contracts/get-contract'
import { listContracts } from '@/server/contracts/list-contracts'
import { getPlanVersion, listPlanVersions } from '@/server/contracts/plan-versions'
import { proposeChanges } from '@/server/contracts/propose-changes'
import { savePlan } from '@/server/contracts/save-plan'
import { CHANGE_REQUEST_EXPIRY, requestExpiresAt } from '@/domain/expire-change-request'
import { createContract } from '@/server/contracts/create-contract'
import { runSystemCommand } from '@/server/contracts/run-command'
import { DUE_KINDS } from '@/server/jobs/due-kinds'
import { createContractScenario, createUser, entry } from '../factories'
import { findEmails } from '../setup/emails'
import { refusal } from '../setup/refusal'

const db = getDb()


/** A contract (Design $100, Build $200) with the expert's request to add "Extra" ($50) pending. */
async function withRequest() {
  const scenario = await createContractScenario()
  const { expert, contract } = scenario
  const plan = contract.milestones.map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents }))
  const requested = await proposeChanges({ actor: expert, contractId: contract.id, baseVersion: 1, milestones: [...plan, entry({ title: 'Extra', amountCents: 5_000 as Cents })], message: 'Add Extra' })
  return { ...scenario, plan, request: requested.changeRequest! }
}

describe('counter-proposals on the database (R18)', () => {
  it('counter → counter → accept: the thread is kept, each counter ends the one before, the last one applies', async () => {
    const { client, expert, contract, plan, request } = await withRequest()
    const first = await counterChanges({ actor: client, contractId: contract.id, requestId: request.id, baseVersion: 1, milestones: [...plan, entry({ title: 'Extra', amountCents: 3_000 as Cents })], message: 'Cheaper?' })
    expect(first.changeRequest).toMatchObject({ authorRole: 'CLIENT', message: 'Cheaper?' })
    expect(first.allowedActions).toContain('WITHDRAW_CHANGES')
    expect((await getContract({ actor: expert, contractId: contract.id })).allowedActions).toEqual(expect.arrayContaining(['REVIEW_CHANGES', 'COUNTER_CHANGES']))
    // The Contracts list: the counter waits for the expert now, not for the client who made it.
    const waiting = async (actor: typeof client) => (await listContracts({ actor })).contracts.find((c) => c.id === contract.id)
    expect(await waiting(expert)).toMatchObject({ waitingForYou: true, waitingFor: 'REVIEW_UPDATES' })
    expect(await waiting(client)).toMatchObject({ waitingForYou: false, waitingFor: null })
    const second = await counterChanges({ actor: expert, contractId: contract.id, requestId: first.changeRequest!.id, baseVersion: 1, milestones: [...plan, entry({ title: 'Extra', amountCents: 4_000 as Cents })], message: 'Meet halfway' })
    expect(second.changeRequest!.rounds.map((r) => [r.authorRole, r.message])).toEqual([
      ['EXPERT', 'Add Extra'],
      ['CLIENT', 'Cheaper?'],
      ['EXPERT', 'Meet halfway'],
    ])
    expect(second.changeRequest!.changes).toEqual([{ kind: 'ADDED', to: 2, entry: { title: 'Extra', description: '', amountCents: 4_000, dueDate: null } }])
    const accepted = await acceptChanges({ actor: client, contractId: contract.id, requestId: second.changeRequest!.id })
    expect(accepted.milestones.map((m) => [m.title, m.amountCents])).toEqual([['Design', 10_000], ['Build', 20_000], ['Extra', 4_000]])
    expect(accepted.changeRequest).toBeNull()

    const rows = await db.changeRequest.findMany({ where: { contractId: contract.id }, orderBy: { createdAt: 'asc' } })
    expect(rows.map((r) => [r.authorRole, r.status])).toEqual([['EXPERT', 'COUNTERED'], ['CLIENT', 'COUNTERED'], ['EXPERT', 'ACCEPTED']])
    const mail = (await findEmails(db, { contractId: contract.id })).filter((m) => m.eventType === 'CHANGES_COUNTERED' || m.eventType === 'CHANGE_REQUEST_ACCEPTED')
    expect(mail.map((m) => [m.to, m.eventType])).toEqual([[expert.email, 'CHANGES_COUNTERED'], [client.email, 'CHANGES_COUNTERED'], [expert.email, 'CHANGE_REQUEST_ACCEPTED']])
    expect(mail[0]!.text).toMatch(/\/contracts\/[^/\s]+\/review/)
    const events = await db.activityEvent.findMany({ where: { contractId: contract.id, type: 'CHANGES_COUNTERED' } })
    expect(events).toHaveLength(2)
  })

  it('refuses the author, a stale plan version (with the current contract), and leaves nothing behind', async () => {
    const { client, expert, outsider, contract, plan, request } = await withRequest()
    const input = { contractId: contract.id, requestId: request.id, milestones: [...plan, entry({ title: 'Other' })], message: 'x' }
    expect(await refusal(counterChanges({ actor: expert, baseVersion: 1, ...input }))).toBe('FORBIDDEN_FOR_ROLE')
    expect(await refusal(counterChanges({ actor: outsider, baseVersion: 1, ...input }))).toBe('NOT_FOUND')
    await fundMilestone({ actor: client, contractId: contract.id, milestoneId: contract.milestones[0]!.id })
    const stale = await counterChanges({ actor: client, baseVersion: 1, ...input }).catch((e: CommandError) => e)
    expect(stale).toMatchObject({ code: 'STALE_PLAN_VERSION', details: { planVersion: 2 } })
    expect(await db.changeRequest.count({ where: { contractId: contract.id } })).toBe(1)
  })
})

describe('plan history on the database (R20)', () => {
  it('keeps every version with who, when and why, newest first, each with its changes', async () => {
    const { client, expert, outsider, contract, plan, request } = await withRequest()
    const countered = await counterChanges({ actor: client, contractId: contract.id, requestId: request.id, baseVersion: 1, milestones: [...plan, entry({ title: 'Extra', amountCents: 3_000 as Cents })], message: 'Cheaper?' })
    await acceptChanges({ actor: expert, contractId: contract.id, requestId: countered.changeRequest!.id })
    const funded = await fundMilestone({ actor: client, contractId: contract.id, milestoneId: contract.milestones[0]!.id })
    await savePlan({ actor: client, contractId: contract.id, baseVersion: funded.planVersion, milestones: funded.milestones.filter((m) => m.state === 'UPCOMING').slice(0, 1) })

    const { versions } = await listPlanVersions({ actor: expert, contractId: contract.id })
    expect(versions.map((v) => [v.version, v.reason, v.actor?.id ?? null])).toEqual([
      [4, 'SAVED', client.userId],
      [3, 'MILESTONE_FUNDED', client.userId],
      [2, 'COUNTER_ACCEPTED', expert.userId],
      [1, 'CREATED', client.userId],
    ])
    const two = await getPlanVersion({ actor: client, contractId: contract.id, version: 2 })
    expect(two.milestones.map((m) => [m.position, m.title, m.state])).toEqual([[0, 'Design', 'UPCOMING'], [1, 'Build', 'UPCOMING'], [2, 'Extra', 'UPCOMING']])
    expect(two.changes).toEqual([{ kind: 'ADDED', to: 2, entry: { title: 'Extra', description: '', amountCents: 3_000, dueDate: null } }])
    const three = await getPlanVersion({ actor: client, contractId: contract.id, version: 3 })
    expect(three.changes).toEqual([])
    expect(three.milestones[0]).toMatchObject({ title: 'Design', state: 'FUNDED' })
    const four = await getPlanVersion({ actor: client, contractId: contract.id, version: 4 })
    expect(four.changes).toEqual([{ kind: 'REMOVED', id: expect.any(String), title: 'Extra', from: 2 }])
    expect((await getPlanVersion({ actor: client, contractId: contract.id, version: 1 })).changes).toEqual([])

    expect(await refusal(getPlanVersion({ actor: client, contractId: contract.id, version: 5 }))).toBe('NOT_FOUND')
    expect(await refusal(listPlanVersions({ actor: outsider, contractId: contract.id }))).toBe('NOT_FOUND')
    expect(await refusal(getPlanVersion({ actor: outsider, contractId: contract.id, version: 1 }))).toBe('NOT_FOUND')
  })

  it('a refused command keeps no version', async () => {
    const { client, contract } = await createContractScenario()
    expect(await refusal(savePlan({ actor: client, contractId: contract.id, baseVersion: 7, milestones: [] }))).toBe('STALE_PLAN_VERSION')
    expect(await db.planVersion.count({ where: { contractId: contract.id } })).toBe(1)
  })
})

describe('expiry on the database (R19)', () => {
  /** The pending request's DUE timers, as the job table holds them. */
  const timersOf = (contractId: string) => db.job.findMany({ where: { contractId, kind: 'DUE', tag: CHANGE_REQUEST_EXPIRY }, orderBy: { createdAt: 'asc' } })
  /** What the worker does with a due timer, with the clock at `now`. */
  const fire = (contractId: string, subjectId: string, now: Date) =>
    runSystemCommand({ contractId, decide: (contract, ctx) => DUE_KINDS[CHANGE_REQUEST_EXPIRY]!(contract, { subjectId, at: now }, { ...ctx, now }) })

  it('a request sets its timer; unanswered for requestDays it expires: EXPIRED, plan unchanged, both parties emailed', async () => {
    const [client, expert] = await Promise.all([createUser({ name: 'Client' }), createUser({ name: 'Expert' })])
    const contract = await createContract({ actor: client, title: 'Expiry', expertEmail: expert.email, milestones: [entry({ title: 'A' })], requestDays: 2 })
    expect(contract.requestDays).toBe(2)
    const requested = await proposeChanges({ actor: expert, contractId: contract.id, baseVersion: 1, milestones: [entry({ title: 'B' })], message: 'Swap' })
    const request = requested.changeRequest!
    const due = requestExpiresAt({ createdAt: new Date(request.createdAt) }, 2)
    const [timer] = await timersOf(contract.id)
    expect(timer).toMatchObject({ runAt: due, payload: { dueKind: CHANGE_REQUEST_EXPIRY, contractId: contract.id, subjectId: request.id } })

    expect(await fire(contract.id, request.id, new Date(due.getTime() - 1))).toBe(false)
    expect(await fire(contract.id, request.id, due)).toBe(true)
    const after = await getContract({ actor: client, contractId: contract.id })
    expect(after.changeRequest).toBeNull()
    expect([after.planVersion, after.milestones.map((m) => m.title)]).toEqual([1, ['A']])
    expect(after.allowedActions).toContain('EDIT_PLAN')
    expect(await db.changeRequest.findFirstOrThrow({ where: { contractId: contract.id, id: request.id } })).toMatchObject({ status: 'EXPIRED' })
    const events = await db.activityEvent.findMany({ where: { contractId: contract.id, type: 'CHANGE_REQUEST_EXPIRED' } })
    expect(events.map((e) => [e.actorId, e.data])).toEqual([[null, { requestId: request.id, authorRole: 'EXPERT', requestDays: 2, expiredAt: due.toISOString() }]])
    const mail = (await findEmails(db, { contractId: contract.id })).filter((m) => m.eventType === 'CHANGE_REQUEST_EXPIRED')
    expect(mail.map((m) => m.to).sort()).toEqual([client.email, expert.email].sort())
    expect(mail[0]!.subject).toMatch(/expired unanswered/)
    // The timer again, or late: nothing left to do.
    expect(await fire(contract.id, request.id, new Date(due.getTime() + 86_400_000))).toBe(false)
    expect(await db.activityEvent.count({ where: { contractId: contract.id, type: 'CHANGE_REQUEST_EXPIRED' } })).toBe(1)
  })

  it('a counter sets a timer of its own; the countered request’s timer, and any timer after an answer, is a no-op', async () => {
    const { client, expert, contract, plan, request } = await withRequest()
    const countered = await counterChanges({ actor: client, contractId: contract.id, requestId: request.id, baseVersion: 1, milestones: [...plan, entry({ title: 'Extra', amountCents: 3_000 as Cents })], message: 'Cheaper?' })
    const counter = countered.changeRequest!
    const timers = await timersOf(contract.id)
    expect(timers.map((t) => (t.payload as { subjectId: string }).subjectId)).toEqual([request.id, counter.id])
    const far = new Date(Date.now() + 60 * 86_400_000)
    expect(await fire(contract.id, request.id, far)).toBe(false)
    expect((await getContract({ actor: expert, contractId: contract.id })).changeRequest?.id).toBe(counter.id)
    await acceptChanges({ actor: expert, contractId: contract.id, requestId: counter.id })
    expect(await fire(contract.id, counter.id, far)).toBe(false)
    expect(await db.changeRequest.count({ where: { contractId: contract.id, status: 'EXPIRED' } })).toBe(0)
  })
})
