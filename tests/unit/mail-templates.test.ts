import { describe, expect, it } from 'vitest'
import type { DomainEvent, DomainEventType } from '@/domain/events'
import type { Cents } from '@/domain/money'
import { diffPlan, type PlanChange } from '@/domain/plan-diff'
import type { PlanEntry } from '@/domain/types'
import { escapeHtml } from '@/server/mail/layout'
import { renderEventEmail, type EventEmailInput } from '@/server/mail/templates'

const APP_URL = 'https://tranche.example'
const c = (n: number) => n as Cents

function render(event: DomainEvent, overrides: Partial<EventEmailInput> = {}) {
  return renderEventEmail({
    event,
    contract: { id: 'c1', title: 'Website redesign' },
    actorName: 'Ada Client',
    recipient: { email: 'bob@example.com', name: 'Bob Expert' },
    appUrl: APP_URL,
    ...overrides,
  })
}

const plan = (entries: PlanEntry[]) => entries
const before = plan([
  { id: 'm1', title: 'Design', amountCents: c(50_000), dueDate: null },
  { id: 'm2', title: 'Build', amountCents: c(100_000), dueDate: '2030-01-31' },
])
const after = plan([
  { id: 'm2', title: 'Build', amountCents: c(120_000), dueDate: '2030-02-15' },
  { title: 'Launch', amountCents: c(20_000), dueDate: null },
])
const changes: PlanChange[] = diffPlan(before, after)

const dispute = { disputeId: 'd1', milestoneId: 'm2', title: 'Build', offerId: 'o1', releaseCents: c(30_000), refundCents: c(70_000) }
const client = 'CLIENT' as const
const expert = 'EXPERT' as const

/** One example of every event, with what its email must say and where it must link. */
const cases: Record<DomainEventType, { event: DomainEvent; subject: RegExp; link: string; says: RegExp[] }> = {
  CONTRACT_CREATED: {
    event: { type: 'CONTRACT_CREATED', actorRole: client, data: { milestoneCount: 2 } },
    subject: /Ada Client started the contract “Website redesign” with you/,
    link: `${APP_URL}/contracts/c1`,
    says: [/2 milestones/, /Manage milestones/],
  },
  PLAN_SAVED: {
    event: { type: 'PLAN_SAVED', actorRole: client, data: { changes } },
    subject: /Ada Client changed the milestones on “Website redesign”/,
    link: `${APP_URL}/contracts/c1`,
    says: [/Removed “Design”/, /Added “Launch” \(\$200\.00\)/, /Changed amount of “Build” from \$1,000\.00 to \$1,200\.00/, /due date of “Build”/],
  },
  CHANGES_REQUESTED: {
    event: { type: 'CHANGES_REQUESTED', actorRole: expert, data: { requestId: 'r1', message: 'Launch needs its own milestone.', changes } },
    subject: /Ada Client requested changes to the milestones on “Website redesign”/,
    link: `${APP_URL}/contracts/c1/review`,
    says: [/Review updates/, /Launch needs its own milestone\./, /Added “Launch”/, /accept, decline or modify/],
  },
  CHANGES_COUNTERED: {
    event: { type: 'CHANGES_COUNTERED', actorRole: client, data: { requestId: 'r2', counteredRequestId: 'r1', message: 'Launch can wait.', changes } },
    subject: /Ada Client answered with a counter-proposal on “Website redesign”/,
    link: `${APP_URL}/contracts/c1/review`,
    says: [/Review updates/, /Launch can wait\./, /Added “Launch”/, /accept it, decline it, or answer with a counter-proposal/],
  },
  CHANGE_REQUEST_ACCEPTED: {
    event: { type: 'CHANGE_REQUEST_ACCEPTED', actorRole: client, data: { requestId: 'r1', modified: false, changes } },
    subject: /Ada Client accepted your milestone updates/,
    link: `${APP_URL}/contracts/c1`,
    says: [/Added “Launch”/],
  },
  CHANGE_REQUEST_DECLINED: {
    event: { type: 'CHANGE_REQUEST_DECLINED', actorRole: client, data: { requestId: 'r1', reason: 'Out of budget' } },
    subject: /Ada Client declined your milestone updates/,
    link: `${APP_URL}/contracts/c1`,
    says: [/Out of budget/, /stay as they were/],
  },
  CHANGE_REQUEST_EXPIRED: {
    event: { type: 'CHANGE_REQUEST_EXPIRED', actorRole: 'SYSTEM', data: { requestId: 'r1', authorRole: expert, requestDays: 7, expiredAt: '2026-06-22T15:00:00.000Z' } },
    subject: /Milestone updates on “Website redesign” expired unanswered/,
    link: `${APP_URL}/contracts/c1`,
    says: [/the expert proposed/, /within 7 days/, /stay as they were/],
  },
  CHANGE_REQUEST_WITHDRAWN: {
    event: { type: 'CHANGE_REQUEST_WITHDRAWN', actorRole: expert, data: { requestId: 'r1' } },
    subject: /Ada Client withdrew the milestone update request/,
    link: `${APP_URL}/contracts/c1`,
    says: [/nothing left for you to review/],
  },
  MILESTONE_FUNDED: {
    event: {
      type: 'MILESTONE_FUNDED',
      actorRole: client,
      data: { milestoneId: 'm1', title: 'Design', amountCents: c(50_000), depositCents: c(50_000), fromBalanceCents: c(0) },
    },
    subject: /Milestone funded: “Design”/,
    link: `${APP_URL}/contracts/c1#milestone-m1`,
    says: [/funded the milestone “Design” with \$500\.00 in escrow/],
  },
  WORK_SUBMITTED: {
    event: { type: 'WORK_SUBMITTED', actorRole: expert, data: { milestoneId: 'm1', title: 'Design', message: 'Mockups are in Figma', links: ['https://figma.example/file'], reviewEndsAt: '2026-06-29T15:00:00.000Z' } },
    subject: /Ada Client submitted work for “Design”/,
    link: `${APP_URL}/contracts/c1#milestone-m1`,
    says: [/Review the work/, /asks for your approval/, /Mockups are in Figma/, /https:\/\/figma\.example\/file/, /released automatically on Monday, June 29, 2026, 15:00 UTC/],
  },
  WORK_CHANGES_REQUESTED: {
    event: { type: 'WORK_CHANGES_REQUESTED', actorRole: client, data: { milestoneId: 'm1', title: 'Design', message: 'The logo is too small.' } },
    subject: /Ada Client requested changes to “Design”/,
    link: `${APP_URL}/contracts/c1#milestone-m1`,
    says: [/The logo is too small\./, /Submit the work again/],
  },
  SUBMISSION_WITHDRAWN: {
    event: { type: 'SUBMISSION_WITHDRAWN', actorRole: expert, data: { milestoneId: 'm1', title: 'Design' } },
    subject: /Ada Client withdrew the submission for “Design”/,
    link: `${APP_URL}/contracts/c1#milestone-m1`,
    says: [/nothing for you to review/],
  },
  REVIEW_EXTENDED: {
    event: { type: 'REVIEW_EXTENDED', actorRole: client, data: { milestoneId: 'm1', title: 'Design', days: 3, reason: 'Travelling this week', reviewEndsAt: '2026-07-02T15:00:00.000Z' } },
    subject: /Ada Client extended the review of “Design” by 3 days/,
    link: `${APP_URL}/contracts/c1#milestone-m1`,
    says: [/Travelling this week/, /Thursday, July 2, 2026, 15:00 UTC/],
  },
  REVIEW_REMINDER: {
    event: { type: 'REVIEW_REMINDER', actorRole: 'SYSTEM', data: { milestoneId: 'm1', title: 'Design', amountCents: c(50_000), reviewEndsAt: '2026-06-29T15:00:00.000Z' } },
    subject: /Payment for “Design” will be released automatically on Monday, June 29, 2026, 15:00 UTC/,
    link: `${APP_URL}/contracts/c1#milestone-m1`,
    says: [/\$500\.00 is released to the expert/, /request changes, or extend/],
  },
  AUTO_RELEASED: {
    event: { type: 'AUTO_RELEASED', actorRole: 'SYSTEM', data: { milestoneId: 'm1', title: 'Design', amountCents: c(50_000) } },
    subject: /Payment released automatically: \$500\.00 for “Design”/,
    link: `${APP_URL}/contracts/c1#milestone-m1`,
    says: [/ended without an answer/],
  },
  EXTENSION_REQUESTED: {
    event: {
      type: 'EXTENSION_REQUESTED',
      actorRole: expert,
      data: { requestId: 'e1', milestoneId: 'm1', title: 'Design', days: 5, reason: 'Waiting for assets', dueDate: '2026-07-01', proposedDueDate: '2026-07-06', expiresAt: '2026-06-19T15:00:00.000Z' },
    },
    subject: /Ada Client asks for 5 more days on “Design”/,
    link: `${APP_URL}/contracts/c1#milestone-m1`,
    says: [/from 2026-07-01 to 2026-07-06/, /Waiting for assets/, /expires on Friday, June 19, 2026/],
  },
  EXTENSION_ACCEPTED: {
    event: { type: 'EXTENSION_ACCEPTED', actorRole: client, data: { requestId: 'e1', milestoneId: 'm1', title: 'Design', days: 5, previousDueDate: '2026-07-01', dueDate: '2026-07-06' } },
    subject: /Ada Client accepted your extension on “Design”/,
    link: `${APP_URL}/contracts/c1#milestone-m1`,
    says: [/now due on 2026-07-06 \(it was 2026-07-01\)/],
  },
  EXTENSION_DECLINED: {
    event: { type: 'EXTENSION_DECLINED', actorRole: client, data: { requestId: 'e1', milestoneId: 'm1', title: 'Design', days: 1 } },
    subject: /Ada Client declined your extension on “Design”/,
    link: `${APP_URL}/contracts/c1#milestone-m1`,
    says: [/1 more day on/, /stays as it was/],
  },
  EXTENSION_EXPIRED: {
    event: { type: 'EXTENSION_EXPIRED', actorRole: 'SYSTEM', data: { requestId: 'e1', milestoneId: 'm1', title: 'Design', days: 5 } },
    subject: /The extension request on “Design” expired/,
    link: `${APP_URL}/contracts/c1#milestone-m1`,
    says: [/within 4 days/],
  },
  PAYMENT_RELEASED: {
    event: {
      type: 'PAYMENT_RELEASED',
      actorRole: client,
      data: { milestoneId: 'm1', title: 'Design', amountCents: c(50_000), remainderCents: c(0), partial: false },
    },
    subject: /^Payment released: \$500\.00 for “Design”$/,
    link: `${APP_URL}/contracts/c1#milestone-m1`,
    says: [/released \$500\.00 to you/],
  },
  CLOSE_PROPOSED: {
    event: { type: 'CLOSE_PROPOSED', actorRole: client, data: { refundCents: c(1_000), releaseCents: c(4_000) } },
    subject: /Ada Client proposed to close “Website redesign”/,
    link: `${APP_URL}/contracts/c1`,
    says: [/\$40\.00 of the escrow released to you and \$10\.00 refunded to the client/, /accept or decline/],
  },
  CLOSE_DECLINED: {
    event: { type: 'CLOSE_DECLINED', actorRole: expert, data: { refundCents: c(1_000), releaseCents: c(4_000) } },
    subject: /Ada Client declined your proposal to close “Website redesign”/,
    link: `${APP_URL}/contracts/c1`,
    says: [/stays open/],
  },
  CONTRACT_CLOSED: {
    event: {
      type: 'CONTRACT_CLOSED',
      actorRole: expert,
      data: { refundCents: c(1_000), releaseCents: c(4_000), settlement: true, cancelledRequestId: null },
    },
    subject: /Ada Client accepted your proposal: “Website redesign” is closed/,
    link: `${APP_URL}/contracts/c1`,
    says: [/\$40\.00 was released to the expert and \$10\.00 was refunded to you/, /leave a review/],
  },
  REVIEW_LEFT: {
    event: { type: 'REVIEW_LEFT', actorRole: client, data: { rating: 4, timelinessRating: 5 } },
    subject: /Ada Client left a review on “Website redesign”/,
    link: `${APP_URL}/contracts/c1`,
    says: [/4 out of 5/, /5 out of 5 for adherence to deadlines/],
  },
  DISPUTE_OPENED: {
    event: { type: 'DISPUTE_OPENED', actorRole: client, data: { ...dispute, statement: 'Only half of it was delivered.' } },
    subject: /Ada Client opened a dispute about “Build” on “Website redesign”/,
    link: `${APP_URL}/contracts/c1#dispute`,
    says: [/offers \$300\.00 released to the expert and \$700\.00 refunded to the client/, /Only half of it was delivered\./, /unanswered for 4 days/],
  },
  DISPUTE_OFFER_MADE: {
    event: { type: 'DISPUTE_OFFER_MADE', actorRole: expert, data: { ...dispute, statement: 'Most of it is done.' } },
    subject: /Ada Client answered with an offer on “Website redesign”/,
    link: `${APP_URL}/contracts/c1#dispute`,
    says: [/offers \$300\.00 released to the expert/, /Most of it is done\./],
  },
  DISPUTE_OFFER_ACCEPTED: {
    event: { type: 'DISPUTE_OFFER_ACCEPTED', actorRole: client, data: { disputeId: 'd1', milestoneId: 'm2', title: 'Build', offerId: 'o1', releaseCents: c(30_000), refundCents: c(70_000) } },
    subject: /Ada Client accepted your offer: the dispute on “Website redesign” is settled/,
    link: `${APP_URL}/contracts/c1#dispute`,
    says: [/\$300\.00 released to the expert and \$700\.00 refunded to the client/],
  },
  DISPUTE_ESCALATED: {
    event: { type: 'DISPUTE_ESCALATED', actorRole: 'SYSTEM', data: { disputeId: 'd1', milestoneId: 'm2', title: 'Build', cause: 'OFFER_UNANSWERED' } },
    subject: /The dispute on “Website redesign” went to the operator/,
    link: `${APP_URL}/contracts/c1#dispute`,
    says: [/went unanswered for 4 days/, /the operator will decide/],
  },
  DISPUTE_DECIDED: {
    event: { type: 'DISPUTE_DECIDED', actorRole: 'OPERATOR', data: { disputeId: 'd1', milestoneId: 'm2', title: 'Build', releaseCents: c(45_000), refundCents: c(55_000), reason: 'Half the pages work.' } },
    subject: /The operator decided the dispute on “Website redesign”/,
    link: `${APP_URL}/contracts/c1#dispute`,
    says: [/\$450\.00 released to the expert and \$550\.00 refunded to the client/, /Reason from the operator:/, /Half the pages work\./],
  },
}

describe('dispute emails', () => {
  it('an escalation a party asked for names them', () => {
    const email = render({ type: 'DISPUTE_ESCALATED', actorRole: client, data: { disputeId: 'd1', milestoneId: 'm2', title: 'Build', cause: 'REQUESTED' } })
    expect(email.text).toMatch(/Ada Client asked the operator to decide the dispute about the milestone “Build”/)
  })
})

describe('event emails', () => {
  it.each(Object.entries(cases))('%s: subject, deep link and both parts', (_type, { event, subject, link, says }) => {
    const email = render(event)
    expect(email.subject).toMatch(subject)
    expect(email.link).toBe(link)
    expect(email.text).toContain(link)
    expect(email.html).toContain(`href="${escapeHtml(link)}"`)
    expect(email.text).toMatch(/^Hi Bob Expert,/)
    for (const phrase of says) {
      expect(email.text).toMatch(phrase)
      // The HTML says the same, modulo escaping of quotes and ampersands.
      expect(email.html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')).toMatch(phrase)
    }
  })

  it('loads nothing from outside: no images, fonts, stylesheets or scripts', () => {
    for (const { event } of Object.values(cases)) {
      const { html } = render(event)
      expect(html).not.toMatch(/<img|<link|<script|@import|url\(|src=/i)
    }
  })

  it('escapes every user-provided string in the HTML part and keeps headers on one line', () => {
    const evil = '<script>alert("x")</script> & <b>bold</b>'
    const email = render(
      { type: 'CHANGES_REQUESTED', actorRole: expert, data: { requestId: 'r1', message: `${evil}\nsecond line`, changes: diffPlan(before, [{ ...after[1]!, title: evil }]) } },
      {
        contract: { id: 'c"1', title: `${evil}\r\nBcc: victim@example.com` },
        actorName: evil,
        recipient: { email: 'x@example.com', name: evil },
      },
    )
    expect(email.html).not.toContain('<script>')
    expect(email.html).not.toContain('<b>bold</b>')
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;')
    expect(email.subject).not.toMatch(/[\r\n]/)
    expect(email.link).toBe(`${APP_URL}/contracts/c%221/review`)
    // The plain-text part is not HTML: it keeps the words as written.
    expect(email.text).toContain(`> ${evil}\n> second line`)
  })

  it('uses the recipient’s email when they have no name, and a partial release names the remainder', () => {
    const email = render(
      {
        type: 'PAYMENT_RELEASED',
        actorRole: client,
        data: { milestoneId: 'm1', title: 'Design', amountCents: c(30_000), remainderCents: c(20_000), partial: true },
      },
      { recipient: { email: 'bob@example.com', name: null } },
    )
    expect(email.text).toMatch(/^Hi bob@example\.com,/)
    expect(email.subject).toBe('Partial payment released: $300.00 for “Design”')
    expect(email.text).toContain('The remaining $200.00 stays in the contract\'s escrow balance for the next milestone.')
  })

  it('numbers moved milestones as the whole plan does when locked milestones head it', () => {
    const moved = diffPlan(before, [before[1]!, before[0]!])
    const email = render({ type: 'PLAN_SAVED', actorRole: client, data: { changes: moved } }, { contract: { id: 'c1', title: 'T', lockedMilestones: 2 } })
    expect(email.text).toMatch(/Moved “(Design|Build)” from position [34] to [34]/)
  })

  it('an APP_URL with a base path and a trailing slash keeps the path', () => {
    const email = render({ type: 'WORK_SUBMITTED', actorRole: expert, data: { milestoneId: 'm1', title: 'Design', message: 'Done', links: [], reviewEndsAt: '2026-06-29T15:00:00.000Z' } }, { appUrl: 'https://x.example/tranche/' })
    expect(email.link).toBe('https://x.example/tranche/contracts/c1#milestone-m1')
  })

  it('a contract closed without a settlement says who got what, from the recipient’s side', () => {
    const email = render(
      { type: 'CONTRACT_CLOSED', actorRole: expert, data: { refundCents: c(5_000), releaseCents: c(0), settlement: false, cancelledRequestId: 'r1' } },
      { recipient: { email: 'client@example.com', name: 'Cleo' } },
    )
    expect(email.subject).toBe('“Website redesign” is closed')
    expect(email.text).toContain('From the escrow, $50.00 was refunded to you.')
    expect(email.text).toContain('The pending milestone update request was cancelled.')
  })
})
