import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { migrate } from '@/server/db/migrate'
import { createEmptyDatabase } from '../setup/databases'

// R15–R17 with time passing, on the real database: the demo clock (DEMO_MODE=1) moves forward and
// the DUE jobs run through the worker. A database of its own, so moving its clock reaches no other
// test file.
const database = await createEmptyDatabase(inject('serverUrl'))
await migrate({ connectionString: database.url, migrationsDir: 'prisma/migrations' })
process.env.DATABASE_URL = database.url
process.env.DEMO_MODE = '1'

const { getDb } = await import('@/server/db/client')
const { advanceClock, now } = await import('@/server/clock')
const { prismaSql } = await import('@/server/db/sql')
const { createContract } = await import('@/server/contracts/create-contract')
const { fundMilestone } = await import('@/server/contracts/fund-milestone')
const { submitWork } = await import('@/server/contracts/submit-work')
const { releasePayment } = await import('@/server/contracts/release-payment')
const { requestWorkChanges, extendReview } = await import('@/server/contracts/review-window')
const { requestExtension, acceptExtension } = await import('@/server/contracts/extensions')
const { closeContract } = await import('@/server/contracts/close-contract')
const { declineClose } = await import('@/server/contracts/decline-close')
const { getContract } = await import('@/server/contracts/get-contract')
const { findReconciliationProblems } = await import('@/server/contracts/reconcile')
const { runDueJobs } = await import('@/server/jobs/run-jobs')
const { dueJobHandler } = await import('@/server/jobs/due-job')
const { startJobWorker } = await import('@/server/jobs/worker')

const db = getDb()
afterAll(async () => {
  await db.$disconnect()
  await database.drop()
})

const DAY = 86_400_000

async function user(name: string) {
  const email = `${name.toLowerCase()}-${randomUUID()}@test.tranche`
  const row = await db.user.create({ data: { email, name } })
  return { userId: row.id, email }
}

/** A contract whose first milestone is funded (and, unless told otherwise, submitted). */
async function scenario({ reviewDays = 14, submit = true, dueDate = null as string | null } = {}) {
  const [client, expert] = await Promise.all([user('Client'), user('Expert')])
  const contract = await createContract({ actor: client, title: 'Time', expertEmail: expert.email, reviewDays, milestones: [{ title: 'Design', amountCents: 50_000 as never, dueDate }, { title: 'Build', amountCents: 20_000 as never }] })
  const milestoneId = contract.milestones[0]!.id
  await fundMilestone({ actor: client, contractId: contract.id, milestoneId })
  if (submit) await submitWork({ actor: expert, contractId: contract.id, milestoneId, message: 'Designs are ready', links: ['https://figma.example/file'] })
  return { client, expert, contractId: contract.id, milestoneId }
}

/** The worker's run over this contract's due jobs, on the application clock. */
async function runTimers(contractId: string) {
  return runDueJobs({ db, handlers: { DUE: dueJobHandler }, now: await now(prismaSql(db)), only: { contractIds: [contractId] } })
}

const view = (s: { client: { userId: string }; contractId: string }) => getContract({ actor: s.client, contractId: s.contractId })
const events = (contractId: string, type: string) => db.activityEvent.findMany({ where: { contractId, type } })
const emails = (contractId: string, tag: string) => db.job.findMany({ where: { contractId, kind: 'EMAIL', tag } })
const releases = (contractId: string) => db.ledgerEntry.findMany({ where: { contractId, kind: 'RELEASE' } })

describe('R16 auto-release on the real database', () => {
  it('reminds the client 3 days and 24 hours before, then releases as the system and emails both parties', async () => {
    const s = await scenario()
    const submitted = await view(s)
    const window = submitted.milestones[0]!.submission!
    expect(new Date(window.reviewEndsAt).getTime() - new Date(window.submittedAt).getTime()).toBe(14 * DAY)
    expect(await db.job.count({ where: { contractId: s.contractId, kind: 'DUE' } })).toBe(3)

    await advanceClock(11 * DAY + 1_000, db)
    expect(await runTimers(s.contractId)).toMatchObject({ done: 1 })
    expect(await events(s.contractId, 'REVIEW_REMINDER')).toHaveLength(1)
    const reminder = await emails(s.contractId, 'REVIEW_REMINDER')
    expect(reminder.map((j) => (j.payload as { to: string }).to)).toEqual([s.client.email])
    expect(await runTimers(s.contractId)).toMatchObject({ claimed: 0 })

    await advanceClock(2 * DAY, db)
    expect(await runTimers(s.contractId)).toMatchObject({ done: 1 })
    expect(await events(s.contractId, 'REVIEW_REMINDER')).toHaveLength(2)
    expect((await view(s)).milestones[0]!.state).toBe('SUBMITTED')

    await advanceClock(1 * DAY, db)
    expect(await runTimers(s.contractId)).toMatchObject({ done: 1 })
    const after = await view(s)
    expect(after.milestones[0]).toMatchObject({ state: 'RELEASED', releasedCents: 50_000 })
    expect(after.escrow).toMatchObject({ releasedCents: 50_000, heldCents: 0 })
    const [released] = await events(s.contractId, 'AUTO_RELEASED')
    expect(released).toMatchObject({ actorId: null, data: { milestoneId: s.milestoneId, title: 'Design', amountCents: 50_000 } })
    const sent = await emails(s.contractId, 'AUTO_RELEASED')
    expect(sent.map((j) => (j.payload as { to: string }).to).sort()).toEqual([s.client.email, s.expert.email].sort())
    expect(await releases(s.contractId)).toHaveLength(1)
    expect(await findReconciliationProblems([s.contractId])).toEqual([])
  })

  it('request changes closes the window: its timers find nothing; the next submission opens a fresh one', async () => {
    const s = await scenario()
    await advanceClock(DAY, db)
    await requestWorkChanges({ actor: s.client, contractId: s.contractId, milestoneId: s.milestoneId, message: 'Bigger logo' })
    await advanceClock(14 * DAY, db)
    expect(await runTimers(s.contractId)).toMatchObject({ claimed: 3, done: 3 })
    expect((await view(s)).milestones[0]!.state).toBe('FUNDED')
    expect(await releases(s.contractId)).toHaveLength(0)
    expect(await events(s.contractId, 'REVIEW_REMINDER')).toHaveLength(0)

    await submitWork({ actor: s.expert, contractId: s.contractId, milestoneId: s.milestoneId, message: 'Bigger now' })
    await advanceClock(14 * DAY, db)
    await runTimers(s.contractId)
    expect((await view(s)).milestones[0]!.state).toBe('RELEASED')
    expect(await releases(s.contractId)).toHaveLength(1)
  })

  it('an extended window releases at its new end, not the old one', async () => {
    const s = await scenario({ reviewDays: 3 })
    await extendReview({ actor: s.client, contractId: s.contractId, milestoneId: s.milestoneId, days: 2, reason: 'Travelling' })
    await advanceClock(3 * DAY + 1_000, db)
    await runTimers(s.contractId)
    expect((await view(s)).milestones[0]!.state).toBe('SUBMITTED')
    await advanceClock(2 * DAY, db)
    await runTimers(s.contractId)
    expect((await view(s)).milestones[0]!.state).toBe('RELEASED')
    expect(await events(s.contractId, 'AUTO_RELEASED')).toHaveLength(1)
  })

  it('holds while a close settlement is pending; declining it releases a window that ran out meanwhile, at once', async () => {
    const s = await scenario({ reviewDays: 1 })
    await closeContract({ actor: s.client, contractId: s.contractId, refundCents: 10_000 })
    await advanceClock(2 * DAY, db)
    await runTimers(s.contractId)
    expect((await view(s)).milestones[0]!.state).toBe('SUBMITTED')
    await declineClose({ actor: s.expert, contractId: s.contractId })
    await runTimers(s.contractId)
    expect((await view(s)).milestones[0]!.state).toBe('RELEASED')
    expect(await findReconciliationProblems([s.contractId])).toEqual([])
  })

  it('a restarted app catches up at once: the worker releases what fell due while it was down', async () => {
    const s = await scenario({ reviewDays: 2 })
    await advanceClock(5 * DAY, db)
    const worker = startJobWorker({ db, intervalMs: 10 * 60_000 })
    try {
      await expect.poll(async () => (await view(s)).milestones[0]!.state, { timeout: 5_000 }).toBe('RELEASED')
    } finally {
      await worker.stop()
    }
    expect(await releases(s.contractId)).toHaveLength(1)
  })
})

describe('races on the real database: exactly one effect, books balanced', () => {
  it('a client release racing the auto-release and four more workers', async () => {
    const s = await scenario({ reviewDays: 1 })
    await advanceClock(DAY + 1_000, db)
    const results = await Promise.allSettled([
      ...Array.from({ length: 5 }, () => releasePayment({ actor: s.client, contractId: s.contractId, milestoneId: s.milestoneId, amountCents: 50_000 })),
      ...Array.from({ length: 5 }, () => runTimers(s.contractId)),
    ])
    const clientWins = results.slice(0, 5).filter((r) => r.status === 'fulfilled').length
    const refused = results.slice(0, 5).flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []))
    expect(refused.every((code) => code === 'MILESTONE_NOT_IN_PROGRESS')).toBe(true)
    expect(results.slice(5).every((r) => r.status === 'fulfilled')).toBe(true)
    const autoReleased = (await events(s.contractId, 'AUTO_RELEASED')).length
    expect(clientWins + autoReleased).toBe(1)
    expect(await releases(s.contractId)).toHaveLength(1)
    expect(await findReconciliationProblems([s.contractId])).toEqual([])
  })

  it('request changes racing the auto-release, after the window: the auto-release wins, once', async () => {
    const s = await scenario({ reviewDays: 1 })
    await advanceClock(DAY + 1_000, db)
    const results = await Promise.allSettled([
      ...Array.from({ length: 5 }, () => requestWorkChanges({ actor: s.client, contractId: s.contractId, milestoneId: s.milestoneId, message: 'Too late?' })),
      ...Array.from({ length: 5 }, () => runTimers(s.contractId)),
    ])
    const codes = results.slice(0, 5).map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'OK'))
    expect(codes.every((code) => code === 'REVIEW_WINDOW_ENDED' || code === 'NOT_SUBMITTED')).toBe(true)
    expect(await events(s.contractId, 'AUTO_RELEASED')).toHaveLength(1)
    expect(await releases(s.contractId)).toHaveLength(1)
    expect(await findReconciliationProblems([s.contractId])).toEqual([])
  })

  it('request changes inside the window racing its timers: one request wins, nothing is released', async () => {
    const s = await scenario({ reviewDays: 1 })
    const results = await Promise.allSettled([
      ...Array.from({ length: 5 }, () => requestWorkChanges({ actor: s.client, contractId: s.contractId, milestoneId: s.milestoneId, message: 'Fix' })),
      ...Array.from({ length: 3 }, () => runTimers(s.contractId)),
    ])
    expect(results.slice(0, 5).filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    await advanceClock(2 * DAY, db)
    await Promise.all(Array.from({ length: 3 }, () => runTimers(s.contractId)))
    expect((await view(s)).milestones[0]!.state).toBe('FUNDED')
    expect(await releases(s.contractId)).toHaveLength(0)
    expect(await findReconciliationProblems([s.contractId])).toEqual([])
  })
})

describe('R17 extension requests with time', () => {
  it('accepted: the due date moves; unanswered: it expires after 4 days, both parties emailed', async () => {
    const s = await scenario({ submit: false, dueDate: '2099-01-10' })
    const asked = await requestExtension({ actor: s.expert, contractId: s.contractId, milestoneId: s.milestoneId, days: 5, reason: 'Waiting for assets' })
    const request = asked.milestones[0]!.extensionRequest!
    expect(new Date(request.expiresAt).getTime() - new Date(request.requestedAt).getTime()).toBe(4 * DAY)
    const accepted = await acceptExtension({ actor: s.client, contractId: s.contractId, requestId: request.id })
    expect(accepted.milestones[0]).toMatchObject({ dueDate: '2099-01-15', extensionRequest: null })
    expect(await db.extensionRequest.findFirst({ where: { contractId: s.contractId, id: request.id } })).toMatchObject({ status: 'ACCEPTED' })

    const again = await requestExtension({ actor: s.expert, contractId: s.contractId, milestoneId: s.milestoneId, days: 2, reason: 'Still waiting' })
    const second = again.milestones[0]!.extensionRequest!
    await advanceClock(4 * DAY + 1_000, db)
    expect((await view(s)).milestones[0]!.extensionRequest).toBeNull()
    await runTimers(s.contractId)
    expect(await db.extensionRequest.findFirst({ where: { contractId: s.contractId, id: second.id } })).toMatchObject({ status: 'EXPIRED' })
    expect(await events(s.contractId, 'EXTENSION_EXPIRED')).toMatchObject([{ actorId: null }])
    const sent = await emails(s.contractId, 'EXTENSION_EXPIRED')
    expect(sent.map((j) => (j.payload as { to: string }).to).sort()).toEqual([s.client.email, s.expert.email].sort())
    expect((await view(s)).milestones[0]!.dueDate).toBe('2099-01-15')
  })
})
