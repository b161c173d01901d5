import { describe, expect, it } from 'vitest'
import type { Cents } from '@/domain/money'
import { getDb } from '@/server/db/client'
import { CommandError } from '@/server/errors'
import { acceptChanges } from '@/server/contracts/accept-changes'
import { counterChanges } from '@/server/contracts/counter-changes'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { getContract } from '@/server/contracts/get-contract'
import { getPlanVersion, listPlanVersions } from '@/server/contracts/plan-versions'
import { proposeChanges } from '@/server/contracts/propose-changes'
import { savePlan } from '@/server/contracts/save-plan'
import { createContractScenario, entry } from '../factories'
import { findEmails } from '../setup/emails'

const db = getDb()

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(CommandError)
  return (error as CommandError).code
}

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
