import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Cents } from '@/domain/money'
import { acceptChanges } from '@/server/contracts/accept-changes'
import { acceptClose } from '@/server/contracts/accept-close'
import { closeContract } from '@/server/contracts/close-contract'
import { declineChanges } from '@/server/contracts/decline-changes'
import { declineClose } from '@/server/contracts/decline-close'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { leaveReview } from '@/server/contracts/leave-review'
import { proposeChanges } from '@/server/contracts/propose-changes'
import { releasePayment } from '@/server/contracts/release-payment'
import { savePlan } from '@/server/contracts/save-plan'
import { submitWork } from '@/server/contracts/submit-work'
import { withdrawChanges } from '@/server/contracts/withdraw-changes'
import { getDb } from '@/server/db/client'
import { createSmtpTransport } from '@/server/mail/transport'
import { deliverDueEmails } from '@/server/mail/worker'
import { createContractScenario, entry } from '../factories'
import { startSmtpSink } from '../setup/smtp-sink'
import { findEmails } from '../setup/emails'

const db = getDb()
const APP_URL = process.env.APP_URL ?? 'http://localhost:3000'

let sink: Awaited<ReturnType<typeof startSmtpSink>>

beforeAll(async () => {
  sink = await startSmtpSink()
})
afterAll(() => sink.close())

it('every event of a contract’s life emails the other party once, with the link to the right page', async () => {
  const { client, expert, contract } = await createContractScenario([entry({ title: 'Design', amountCents: 10_000 as Cents }), entry({ title: 'Build' })])
  const id = contract.id
  const [design, build] = contract.milestones
  const workspace = `${APP_URL}/contracts/${id}`

  const saved = await savePlan({
    actor: client,
    contractId: id,
    baseVersion: contract.planVersion,
    milestones: [{ id: design!.id, title: 'Design', amountCents: 10_000 as Cents }, { id: build!.id, title: 'Build it', amountCents: 20_000 as Cents }],
  })
  const plan = saved.milestones.map((m) => ({ id: m.id, title: m.title, amountCents: m.amountCents as Cents }))
  const first = await proposeChanges({ actor: expert, contractId: id, baseVersion: saved.planVersion, milestones: [...plan, entry({ title: 'Launch' })], message: 'Add a launch' })
  const accepted = await acceptChanges({ actor: client, contractId: id, requestId: first.changeRequest!.id })
  const second = await proposeChanges({ actor: expert, contractId: id, baseVersion: accepted.planVersion, milestones: [], message: 'Drop all' })
  await declineChanges({ actor: client, contractId: id, requestId: second.changeRequest!.id, reason: 'No' })
  const third = await proposeChanges({ actor: expert, contractId: id, baseVersion: accepted.planVersion, milestones: [], message: 'Again' })
  await withdrawChanges({ actor: expert, contractId: id, requestId: third.changeRequest!.id })
  await fundMilestone({ actor: client, contractId: id, milestoneId: design!.id })
  await submitWork({ actor: expert, contractId: id, milestoneId: design!.id, message: 'Designs attached', links: ['https://example.com/designs'] })
  await releasePayment({ actor: client, contractId: id, milestoneId: design!.id, amountCents: 6_000 })
  await fundMilestone({ actor: client, contractId: id, milestoneId: build!.id })
  await closeContract({ actor: client, contractId: id, refundCents: 1_000 })
  await declineClose({ actor: expert, contractId: id })
  await closeContract({ actor: client, contractId: id, refundCents: 1_000 })
  await acceptClose({ actor: expert, contractId: id })
  await leaveReview({ actor: client, contractId: id, rating: 5, timelinessRating: 4, comment: 'Great' })
  await leaveReview({ actor: expert, contractId: id, rating: 5, comment: 'Clear' })

  // A refused command rolls back: it writes no email.
  const before = await db.job.count({ where: { contractId: id, kind: 'EMAIL' } })
  await expect(savePlan({ actor: client, contractId: id, baseVersion: 0, milestones: [] })).rejects.toThrow()
  expect(await db.job.count({ where: { contractId: id, kind: 'EMAIL' } })).toBe(before)

  const transport = createSmtpTransport(sink.url)
  const recipients = [client.email, expert.email]
  let report
  do report = await deliverDueEmails({ db, transport, from: 'Tranche <no-reply@test.tranche>', recipients, batchSize: 50 })
  while (report.claimed > 0)

  const rows = await findEmails(db, { contractId: id })
  const expected: [string, string, string][] = [
    ['CONTRACT_CREATED', expert.email, workspace],
    ['PLAN_SAVED', expert.email, workspace],
    ['CHANGES_REQUESTED', client.email, `${workspace}/review`],
    ['CHANGE_REQUEST_ACCEPTED', expert.email, workspace],
    ['CHANGES_REQUESTED', client.email, `${workspace}/review`],
    ['CHANGE_REQUEST_DECLINED', expert.email, workspace],
    ['CHANGES_REQUESTED', client.email, `${workspace}/review`],
    ['CHANGE_REQUEST_WITHDRAWN', client.email, workspace],
    ['MILESTONE_FUNDED', expert.email, `${workspace}#milestone-${design!.id}`],
    ['WORK_SUBMITTED', client.email, `${workspace}#milestone-${design!.id}`],
    ['PAYMENT_RELEASED', expert.email, `${workspace}#milestone-${design!.id}`],
    ['MILESTONE_FUNDED', expert.email, `${workspace}#milestone-${build!.id}`],
    ['CLOSE_PROPOSED', expert.email, workspace],
    ['CLOSE_DECLINED', client.email, workspace],
    ['CLOSE_PROPOSED', expert.email, workspace],
    ['CONTRACT_CLOSED', client.email, workspace],
    ['REVIEW_LEFT', expert.email, workspace],
    ['REVIEW_LEFT', client.email, workspace],
  ]
  // Rows written in one transaction share a timestamp; compare as multisets, not sequences.
  expect(rows.map((r) => [r.eventType, r.to]).sort()).toEqual(expected.map(([type, to]) => [type, to]).sort())

  for (const row of rows) {
    expect(row.sentAt).not.toBeNull()
    const [, , link] = expected.find(([type, to]) => type === row.eventType && to === row.to)!
    // Exactly one message on the wire per row, to its recipient, carrying its link.
    const copies = sink.received.filter((r) => r.raw.includes(row.messageId))
    expect(copies).toHaveLength(1)
    expect(copies[0]!.to).toEqual([row.to])
    if (row.eventType !== 'MILESTONE_FUNDED') expect(row.text).toContain(link)
    expect(copies[0]!.raw).toContain(row.eventType === 'MILESTONE_FUNDED' ? `${workspace}#milestone-` : link)
  }
  // The two MILESTONE_FUNDED emails link their own milestones.
  const funded = rows.filter((r) => r.eventType === 'MILESTONE_FUNDED').map((r) => /#milestone-(\S+)/.exec(r.text)?.[1])
  expect(funded.sort()).toEqual([design!.id, build!.id].sort())
  expect(rows.find((r) => r.eventType === 'PLAN_SAVED')!.text).toContain('Renamed “Build” to “Build it”')
})
