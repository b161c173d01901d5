import { describe, expect, it } from 'vitest'
import * as domain from '../../src/domain'
import type { Contract, Milestone } from '../../src/domain/types'
import { CLIENT, EXPERT, NOW, OUTSIDER, expectError, expectOk, makeContract, makeCtx, makeFunded, makeMilestone } from './builders'

const DAY = 86_400_000
const at = (ms: number) => new Date(NOW.getTime() + ms)

function submittedContract(overrides: Partial<Milestone> = {}, contract: Partial<Contract> = {}) {
  const funded = makeFunded({ dueDate: '2026-07-01', ...overrides })
  const base = makeContract({ milestones: [funded, makeMilestone()], reviewDays: 14, ...contract })
  const out = expectOk(domain.submitWork(base, EXPERT, { milestoneId: funded.id, message: '  Designs are ready  ', links: ['https://figma.example/f'] }, makeCtx()))
  return { contract: out.contract, milestone: out.contract.milestones[0]!, outcome: out }
}

describe('R15 submit for approval', () => {
  it('opens a review window of reviewDays with the message and links, and sets the auto-release and reminder timers', () => {
    const { milestone, outcome } = submittedContract()
    expect(milestone.state).toBe('SUBMITTED')
    expect(milestone.submission).toEqual({ message: 'Designs are ready', links: ['https://figma.example/f'], submittedAt: NOW, reviewEndsAt: at(14 * DAY), extendedDays: 0, lastReminderAt: null })
    expect(outcome.timers).toEqual([
      { kind: 'AUTO_RELEASE', subjectId: milestone.id, at: at(14 * DAY) },
      { kind: 'REVIEW_REMINDER', subjectId: milestone.id, at: at(11 * DAY) },
      { kind: 'REVIEW_REMINDER', subjectId: milestone.id, at: at(13 * DAY) },
    ])
    expect(outcome.events[0]).toMatchObject({ type: 'WORK_SUBMITTED', data: { message: 'Designs are ready', links: ['https://figma.example/f'], reviewEndsAt: at(14 * DAY).toISOString() } })
  })

  it('a short window sets only the reminders still ahead: none for 1 day, the 24-hour one for 3 days', () => {
    const { outcome } = submittedContract({}, { reviewDays: 1 })
    expect(outcome.timers!.map((t) => t.kind)).toEqual(['AUTO_RELEASE'])
    const three = submittedContract({}, { reviewDays: 3 })
    expect(three.outcome.timers!.map((t) => [t.kind, t.at.getTime() - NOW.getTime()])).toEqual([['AUTO_RELEASE', 3 * DAY], ['REVIEW_REMINDER', 2 * DAY]])
  })

  it('refuses an empty or too long message, more than 10 links, and links that are not https', () => {
    const funded = makeFunded()
    const c = makeContract({ milestones: [funded] })
    const submit = (message: unknown, links?: unknown) => domain.submitWork(c, EXPERT, { milestoneId: funded.id, message: message as string, links: links as string[] }, makeCtx())
    expect(expectError(submit('   '), 'VALIDATION_FAILED').details).toEqual({ field: 'message' })
    expect(expectError(submit('x'.repeat(5001)), 'VALIDATION_FAILED').details).toEqual({ field: 'message' })
    expectOk(submit('x'.repeat(5000)))
    expect(expectError(submit('ok', Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`)), 'VALIDATION_FAILED').details).toEqual({ field: 'links' })
    for (const bad of ['http://a.example', 'ftp://a.example', 'not a url', 'https://user:pw@a.example', `https://a.example/${'x'.repeat(2000)}`, 5]) {
      expect(expectError(submit('ok', [bad]), 'VALIDATION_FAILED').details, String(bad)).toEqual({ field: 'links' })
    }
    expect(expectError(submit('ok', 'https://a.example'), 'VALIDATION_FAILED').details).toEqual({ field: 'links' })
  })
})

describe('R15 request changes, withdraw, extend', () => {
  it('request changes: back to FUNDED, the window closes; the next submission opens a fresh one', () => {
    const { contract, milestone } = submittedContract()
    const later = makeCtx(at(2 * DAY))
    const out = expectOk(domain.requestWorkChanges(contract, CLIENT, { milestoneId: milestone.id, message: 'Bigger logo' }, later))
    const back = out.contract.milestones[0]!
    expect([back.state, back.submission]).toEqual(['FUNDED', null])
    expect(out.events).toEqual([{ type: 'WORK_CHANGES_REQUESTED', actorRole: 'CLIENT', data: { milestoneId: milestone.id, title: milestone.title, message: 'Bigger logo' } }])
    const again = expectOk(domain.submitWork(out.contract, EXPERT, { milestoneId: milestone.id, message: 'Bigger now' }, later))
    expect(again.contract.milestones[0]!.submission!.reviewEndsAt).toEqual(at(16 * DAY))
  })

  it('refuses answers by the wrong party, on no submission, with no message, and after the window', () => {
    const { contract, milestone } = submittedContract()
    const ctx = makeCtx(at(DAY))
    expectError(domain.requestWorkChanges(contract, EXPERT, { milestoneId: milestone.id, message: 'x' }, ctx), 'FORBIDDEN_FOR_ROLE')
    expectError(domain.requestWorkChanges(contract, OUTSIDER, { milestoneId: milestone.id, message: 'x' }, ctx), 'NOT_FOUND')
    expectError(domain.requestWorkChanges(contract, CLIENT, { milestoneId: 'ghost', message: 'x' }, ctx), 'NOT_FOUND')
    expectError(domain.requestWorkChanges(contract, CLIENT, { milestoneId: contract.milestones[1]!.id, message: 'x' }, ctx), 'NOT_SUBMITTED')
    expectError(domain.requestWorkChanges(contract, CLIENT, { milestoneId: milestone.id, message: ' ' }, ctx), 'VALIDATION_FAILED')
    expectError(domain.requestWorkChanges(contract, CLIENT, { milestoneId: milestone.id, message: 'x' }, makeCtx(at(14 * DAY))), 'REVIEW_WINDOW_ENDED')
    expectError(domain.withdrawSubmission(contract, CLIENT, { milestoneId: milestone.id }, ctx), 'FORBIDDEN_FOR_ROLE')
    expectError(domain.withdrawSubmission(contract, EXPERT, { milestoneId: milestone.id }, makeCtx(at(15 * DAY))), 'REVIEW_WINDOW_ENDED')
    expectError(domain.requestWorkChanges({ ...contract, status: 'CLOSED' }, CLIENT, { milestoneId: milestone.id, message: 'x' }, ctx), 'CONTRACT_CLOSED')
  })

  it('withdraw: the expert takes back an unanswered submission', () => {
    const { contract, milestone } = submittedContract()
    const out = expectOk(domain.withdrawSubmission(contract, EXPERT, { milestoneId: milestone.id }, makeCtx(at(DAY))))
    expect([out.contract.milestones[0]!.state, out.contract.milestones[0]!.submission, out.events[0]!.type]).toEqual(['FUNDED', null, 'SUBMISSION_WITHDRAWN'])
  })

  it('extend: once per submission, 1–14 days, with a reason; new timers for the new end', () => {
    const { contract, milestone } = submittedContract()
    const ctx = makeCtx(at(DAY))
    for (const days of [0, 15, 1.5]) expect(expectError(domain.extendReview(contract, CLIENT, { milestoneId: milestone.id, days, reason: 'r' }, ctx), 'VALIDATION_FAILED').details).toEqual({ field: 'days' })
    expect(expectError(domain.extendReview(contract, CLIENT, { milestoneId: milestone.id, days: 3, reason: ' ' }, ctx), 'VALIDATION_FAILED').details).toEqual({ field: 'reason' })
    expectError(domain.extendReview(contract, EXPERT, { milestoneId: milestone.id, days: 3, reason: 'r' }, ctx), 'FORBIDDEN_FOR_ROLE')
    const out = expectOk(domain.extendReview(contract, CLIENT, { milestoneId: milestone.id, days: 3, reason: 'Travelling' }, ctx))
    expect(out.contract.milestones[0]!.submission).toMatchObject({ reviewEndsAt: at(17 * DAY), extendedDays: 3 })
    expect(out.timers!.map((t) => t.at)).toEqual([at(17 * DAY), at(14 * DAY), at(16 * DAY)])
    expect(out.events[0]).toMatchObject({ type: 'REVIEW_EXTENDED', data: { days: 3, reason: 'Travelling', reviewEndsAt: at(17 * DAY).toISOString() } })
    expectError(domain.extendReview(out.contract, CLIENT, { milestoneId: milestone.id, days: 1, reason: 'again' }, ctx), 'REVIEW_ALREADY_EXTENDED')
  })
})

describe('R16 auto-release and reminders', () => {
  it('releases the whole funded amount once the window has ended, as the system, and not before', () => {
    const { contract, milestone } = submittedContract()
    expect(domain.autoRelease(contract, { subjectId: milestone.id }, makeCtx(at(14 * DAY - 1)))).toBeNull()
    const out = domain.autoRelease(contract, { subjectId: milestone.id }, makeCtx(at(14 * DAY)))!
    expect(out.contract.milestones[0]).toMatchObject({ state: 'RELEASED', releasedCents: milestone.fundedCents, releasedAt: at(14 * DAY) })
    expect(out.ledger).toEqual([{ kind: 'RELEASE', amountCents: milestone.fundedCents, milestoneId: milestone.id }])
    expect(out.events).toEqual([{ type: 'AUTO_RELEASED', actorRole: 'SYSTEM', data: { milestoneId: milestone.id, title: milestone.title, amountCents: milestone.fundedCents } }])
    expect(domain.audienceOf(out.events[0]!)).toEqual(['CLIENT', 'EXPERT'])
    // A second timer, a timer for another milestone, a closed contract: nothing.
    expect(domain.autoRelease(out.contract, { subjectId: milestone.id }, makeCtx(at(15 * DAY)))).toBeNull()
    expect(domain.autoRelease(contract, { subjectId: 'ghost' }, makeCtx(at(15 * DAY)))).toBeNull()
    expect(domain.autoRelease({ ...contract, status: 'CLOSED' }, { subjectId: milestone.id }, makeCtx(at(15 * DAY)))).toBeNull()
  })

  it('holds while a close settlement is pending; declining it sets the timer again at the window end', () => {
    const { contract, milestone } = submittedContract()
    const proposed = { ...contract, closeProposal: { refundCents: milestone.fundedCents, proposedAt: NOW } }
    expect(domain.autoRelease(proposed, { subjectId: milestone.id }, makeCtx(at(15 * DAY)))).toBeNull()
    const declined = expectOk(domain.declineClose(proposed, EXPERT, makeCtx(at(15 * DAY))))
    expect(declined.timers).toEqual([{ kind: 'AUTO_RELEASE', subjectId: milestone.id, at: at(14 * DAY) }])
    expect(domain.autoRelease(declined.contract, { subjectId: milestone.id }, makeCtx(at(15 * DAY)))).not.toBeNull()
  })

  it('holds while a dispute is open or escalated (R21 moneyFreeze); the settlement pays the milestone instead', () => {
    const { contract, milestone } = submittedContract()
    const opened = expectOk(domain.openDispute(contract, CLIENT, { statement: 'Not what we agreed', releaseCents: milestone.fundedCents }, makeCtx(at(DAY), 'd'))).contract
    expect(domain.autoRelease(opened, { subjectId: milestone.id }, makeCtx(at(15 * DAY)))).toBeNull()
    expect(domain.remindReview(opened, { subjectId: milestone.id, at: at(11 * DAY) }, makeCtx(at(11 * DAY)))).toBeNull()
    const escalated = expectOk(domain.escalateDispute(opened, opened.dispute!.id, at(2 * DAY), EXPERT)).contract
    expect(domain.autoRelease(escalated, { subjectId: milestone.id }, makeCtx(at(15 * DAY)))).toBeNull()
    const settled = expectOk(domain.acceptDisputeOffer(opened, EXPERT, { disputeId: opened.dispute!.id, offerId: opened.dispute!.offers[0]!.id }, makeCtx(at(3 * DAY)))).contract
    expect(settled.milestones[0]).toMatchObject({ state: 'RELEASED', releasedCents: milestone.fundedCents })
    expect(domain.autoRelease(settled, { subjectId: milestone.id }, makeCtx(at(15 * DAY)))).toBeNull()
  })

  it('reminds the client 3 days and 24 hours before, each once, only for the current window', () => {
    const { contract, milestone } = submittedContract()
    const three = { subjectId: milestone.id, at: at(11 * DAY) }
    expect(domain.remindReview(contract, three, makeCtx(at(11 * DAY - 1)))).toBeNull()
    const first = domain.remindReview(contract, three, makeCtx(at(11 * DAY)))!
    expect(first.events).toEqual([{ type: 'REVIEW_REMINDER', actorRole: 'SYSTEM', data: { milestoneId: milestone.id, title: milestone.title, amountCents: milestone.fundedCents, reviewEndsAt: at(14 * DAY).toISOString() } }])
    expect(domain.audienceOf(first.events[0]!)).toEqual(['CLIENT'])
    expect(domain.remindReview(first.contract, three, makeCtx(at(11 * DAY + 5)))).toBeNull()
    const second = domain.remindReview(first.contract, { subjectId: milestone.id, at: at(13 * DAY) }, makeCtx(at(13 * DAY)))!
    expect(second.events).toHaveLength(1)
    // A timer of another window (it was extended, or resubmitted) is stale.
    expect(domain.remindReview(contract, { subjectId: milestone.id, at: at(12 * DAY) }, makeCtx(at(12 * DAY)))).toBeNull()
    expect(domain.remindReview(contract, { subjectId: milestone.id, at: at(11 * DAY) }, makeCtx(at(14 * DAY)))).toBeNull()
    expect(domain.remindReview({ ...contract, status: 'CLOSED' }, three, makeCtx(at(11 * DAY)))).toBeNull()
  })

  it('emails the other party when a person acts', () => {
    expect(domain.audienceOf({ type: 'SUBMISSION_WITHDRAWN', actorRole: 'EXPERT', data: { milestoneId: 'm', title: 't' } })).toEqual(['CLIENT'])
    expect(domain.audienceOf({ type: 'WORK_CHANGES_REQUESTED', actorRole: 'CLIENT', data: { milestoneId: 'm', title: 't', message: 'x' } })).toEqual(['EXPERT'])
  })
})

describe('R17 deadline extension', () => {
  const funded = () => makeFunded({ dueDate: '2026-07-01' })
  it('asks for 1–90 days with a reason; one pending per milestone; the client accepts and the due date moves', () => {
    const m = funded()
    const c = makeContract({ milestones: [m, makeMilestone()] })
    for (const days of [0, 91, 2.5]) expect(expectError(domain.requestExtension(c, EXPERT, { milestoneId: m.id, days, reason: 'r' }, makeCtx()), 'VALIDATION_FAILED').details).toEqual({ field: 'days' })
    expectError(domain.requestExtension(c, EXPERT, { milestoneId: m.id, days: 5, reason: '' }, makeCtx()), 'VALIDATION_FAILED')
    expectError(domain.requestExtension(c, CLIENT, { milestoneId: m.id, days: 5, reason: 'r' }, makeCtx()), 'FORBIDDEN_FOR_ROLE')
    expectError(domain.requestExtension(c, EXPERT, { milestoneId: 'ghost', days: 5, reason: 'r' }, makeCtx()), 'NOT_FOUND')
    expectError(domain.requestExtension(c, EXPERT, { milestoneId: c.milestones[1]!.id, days: 5, reason: 'r' }, makeCtx()), 'MILESTONE_NOT_IN_PROGRESS')
    const noDate = makeFunded()
    expectError(domain.requestExtension(makeContract({ milestones: [noDate] }), EXPERT, { milestoneId: noDate.id, days: 5, reason: 'r' }, makeCtx()), 'NO_DUE_DATE')

    const asked = expectOk(domain.requestExtension(c, EXPERT, { milestoneId: m.id, days: 5, reason: 'Waiting for assets' }, makeCtx()))
    const request = asked.contract.milestones[0]!.extensionRequest!
    expect(request).toEqual({ id: 'id-1', days: 5, reason: 'Waiting for assets', requestedAt: NOW, expiresAt: at(4 * DAY) })
    expect(asked.timers).toEqual([{ kind: 'EXTENSION_EXPIRY', subjectId: 'id-1', at: at(4 * DAY) }])
    expect(asked.events[0]).toMatchObject({ type: 'EXTENSION_REQUESTED', data: { dueDate: '2026-07-01', proposedDueDate: '2026-07-06' } })
    expectError(domain.requestExtension(asked.contract, EXPERT, { milestoneId: m.id, days: 5, reason: 'r' }, makeCtx(at(DAY))), 'EXTENSION_REQUEST_PENDING')

    expectError(domain.acceptExtension(asked.contract, EXPERT, { requestId: 'id-1' }, makeCtx(at(DAY))), 'FORBIDDEN_FOR_ROLE')
    expectError(domain.acceptExtension(asked.contract, CLIENT, { requestId: 'ghost' }, makeCtx(at(DAY))), 'NO_PENDING_EXTENSION_REQUEST')
    expectError(domain.acceptExtension(asked.contract, CLIENT, { requestId: 'id-1' }, makeCtx(at(4 * DAY))), 'NO_PENDING_EXTENSION_REQUEST')
    const accepted = expectOk(domain.acceptExtension(asked.contract, CLIENT, { requestId: 'id-1' }, makeCtx(at(DAY))))
    expect(accepted.contract.milestones[0]).toMatchObject({ dueDate: '2026-07-06', extensionRequest: null })
    expect(accepted.events[0]).toMatchObject({ type: 'EXTENSION_ACCEPTED', data: { previousDueDate: '2026-07-01', dueDate: '2026-07-06' } })
    expect(domain.expireExtension(accepted.contract, { subjectId: 'id-1' }, makeCtx(at(5 * DAY)))).toBeNull()
  })

  it('declined, the due date stays; unanswered, it expires after 4 days (and a new one may be asked)', () => {
    const m = funded()
    const c = makeContract({ milestones: [m] })
    const asked = expectOk(domain.requestExtension(c, EXPERT, { milestoneId: m.id, days: 2, reason: 'r' }, makeCtx()))
    const declined = expectOk(domain.declineExtension(asked.contract, CLIENT, { requestId: 'id-1' }, makeCtx(at(DAY))))
    expect(declined.contract.milestones[0]).toMatchObject({ dueDate: '2026-07-01', extensionRequest: null })
    expect(declined.events[0]!.type).toBe('EXTENSION_DECLINED')

    expect(domain.expireExtension(asked.contract, { subjectId: 'id-1' }, makeCtx(at(4 * DAY - 1)))).toBeNull()
    const expired = domain.expireExtension(asked.contract, { subjectId: 'id-1' }, makeCtx(at(4 * DAY)))!
    expect(expired.events).toEqual([{ type: 'EXTENSION_EXPIRED', actorRole: 'SYSTEM', data: { requestId: 'id-1', milestoneId: m.id, title: m.title, days: 2 } }])
    expect(domain.audienceOf(expired.events[0]!)).toEqual(['CLIENT', 'EXPERT'])
    expect(expired.contract.milestones[0]!.extensionRequest).toBeNull()
    // Past its expiry, before its timer ran: no longer pending, a new request replaces it.
    expectOk(domain.requestExtension(asked.contract, EXPERT, { milestoneId: m.id, days: 1, reason: 'r' }, makeCtx(at(5 * DAY))))
  })

  it('allowedActions offers the new choices to the right party, at the right time', () => {
    const { contract, milestone } = submittedContract()
    expect(domain.allowedActions(contract, CLIENT.userId, at(DAY))).toEqual(expect.arrayContaining(['RELEASE_PAYMENT', 'REQUEST_CHANGES', 'EXTEND_REVIEW']))
    expect(domain.allowedActions(contract, EXPERT.userId, at(DAY))).toEqual(expect.arrayContaining(['WITHDRAW_SUBMISSION', 'REQUEST_EXTENSION']))
    expect(domain.allowedActions(contract, CLIENT.userId, at(15 * DAY))).not.toContain('REQUEST_CHANGES')
    const asked = expectOk(domain.requestExtension(contract, EXPERT, { milestoneId: milestone.id, days: 2, reason: 'r' }, makeCtx(at(DAY))))
    expect(domain.allowedActions(asked.contract, CLIENT.userId, at(DAY))).toContain('ANSWER_EXTENSION')
    expect(domain.allowedActions(asked.contract, EXPERT.userId, at(DAY))).not.toContain('REQUEST_EXTENSION')
  })

  it('creates contracts with reviewDays and requestDays of 1–30 (defaults 14 and 7)', () => {
    const create = (settings: { reviewDays?: number; requestDays?: number }) =>
      domain.createContract({ clientId: CLIENT.userId, expertId: EXPERT.userId, title: 'T', milestones: [], ...settings }, makeCtx())
    expect(expectOk(create({})).contract).toMatchObject({ reviewDays: 14, requestDays: 7 })
    expect(expectOk(create({ reviewDays: 1, requestDays: 30 })).contract).toMatchObject({ reviewDays: 1, requestDays: 30 })
    expect(expectError(create({ reviewDays: 0 }), 'VALIDATION_FAILED').details).toEqual({ field: 'reviewDays' })
    expect(expectError(create({ requestDays: 31 }), 'VALIDATION_FAILED').details).toEqual({ field: 'requestDays' })
  })
})
