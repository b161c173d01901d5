import { z } from 'zod'

/**
 * The shapes the contract API answers with (PRODUCT.md, "Representations"). They document the
 * responses in the OpenAPI document, and the API tests parse real responses with them, so the
 * document cannot drift from what the handlers send. Strict: a new field must be added here.
 */

const isoDay = z.iso.date().describe('A calendar day, YYYY-MM-DD')
const isoInstant = z.iso.datetime()
const amount = z.number().int().describe('Integer cents (USD)')
const role = z.enum(['CLIENT', 'EXPERT'])

export const party = z.strictObject({ id: z.string(), email: z.string(), name: z.string().nullable() })

export const milestoneView = z.strictObject({
  id: z.string(),
  position: z.number().int().min(0),
  title: z.string(),
  description: z.string(),
  amountCents: amount,
  dueDate: isoDay.nullable(),
  state: z.enum(['UPCOMING', 'FUNDED', 'SUBMITTED', 'RELEASED', 'REFUNDED']),
  fundedCents: amount,
  releasedCents: amount,
  overdue: z.boolean(),
  /** R15: the latest submission and its review window; null when none (or after changes were requested, or it was withdrawn). */
  submission: z
    .strictObject({
      message: z.string(),
      links: z.array(z.string()),
      submittedAt: isoInstant,
      /** When the payment releases itself unless the client acts (R16). */
      reviewEndsAt: isoInstant,
      /** 0 until the client extends the window (once, 1–14 days). */
      extendedDays: z.number().int().min(0).max(14),
    })
    .nullable(),
  /** R17: the expert's pending request to move the due date, until answered or expired. */
  extensionRequest: z
    .strictObject({ id: z.string(), days: z.number().int().min(1).max(90), reason: z.string(), requestedAt: isoInstant, expiresAt: isoInstant })
    .nullable(),
})

export const planEntryView = z.strictObject({
  id: z.string().optional(),
  title: z.string(),
  description: z.string().optional(),
  amountCents: amount,
  dueDate: isoDay.nullable().optional(),
})

const planFields = z.strictObject({ title: z.string(), description: z.string(), amountCents: amount, dueDate: isoDay.nullable() })
const fieldChange = z.strictObject({
  field: z.enum(['title', 'description', 'amountCents', 'dueDate']),
  from: z.union([z.string(), z.number(), z.null()]),
  to: z.union([z.string(), z.number(), z.null()]),
})

/** One step of a plan diff, as "Show changes" and "Review updates" show it. */
export const planChange = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ADDED'), to: z.number().int(), entry: planFields }),
  z.strictObject({ kind: z.literal('REMOVED'), id: z.string(), title: z.string(), from: z.number().int() }),
  z.strictObject({ kind: z.literal('MOVED'), id: z.string(), title: z.string(), from: z.number().int(), to: z.number().int() }),
  z.strictObject({ kind: z.literal('EDITED'), id: z.string(), title: z.string(), fields: z.array(fieldChange) }),
])

export const actionName = z.enum([
  'EDIT_PLAN',
  'PROPOSE_CHANGES',
  'REVIEW_CHANGES',
  'WITHDRAW_CHANGES',
  'COUNTER_CHANGES',
  'FUND_MILESTONE',
  'SUBMIT_WORK',
  'RELEASE_PAYMENT',
  'PROPOSE_CLOSE',
  'ACCEPT_CLOSE',
  'DECLINE_CLOSE',
  'CLOSE',
  'LEAVE_REVIEW',
  'OPEN_DISPUTE',
  'ANSWER_DISPUTE',
  'ESCALATE_DISPUTE',
  'REQUEST_CHANGES',
  'WITHDRAW_SUBMISSION',
  'EXTEND_REVIEW',
  'REQUEST_EXTENSION',
  'ANSWER_EXTENSION',
])

/** R21: a dispute, as the parties (in the contract) and operators see it. */
export const disputeView = z.strictObject({
  id: z.string(),
  status: z.enum(['OPEN', 'ESCALATED', 'SETTLED']),
  milestoneId: z.string(),
  heldCents: amount.describe('What the disputed milestone holds in escrow: the most an offer can release'),
  openedBy: role,
  openedAt: isoInstant,
  escalatesAt: isoInstant.nullable().describe('While OPEN: when the standing offer goes to the operator if unanswered (4 days after it)'),
  escalatedAt: isoInstant.nullable(),
  settledAt: isoInstant.nullable(),
  acceptedOfferId: z.string().nullable(),
  offers: z.array(z.strictObject({ id: z.string(), by: role, releaseCents: amount, statement: z.string(), at: isoInstant })),
  decision: z.strictObject({ releaseCents: amount, refundCents: amount, reason: z.string(), at: isoInstant }).nullable(),
})

/** The contract as GET /api/contracts/{id} shows it to the caller; every command answers with it. */
export const contractView = z.strictObject({
  id: z.string(),
  title: z.string(),
  status: z.enum(['OPEN', 'CLOSED']),
  role,
  /** R15: the review window after a submission, in days. */
  reviewDays: z.number().int().min(1).max(30),
  /** R19: how long a change request waits for an answer, in days. */
  requestDays: z.number().int().min(1).max(30),
  client: party,
  expert: party,
  planVersion: z.number().int().min(1),
  milestones: z.array(milestoneView),
  escrow: z.strictObject({
    depositedCents: amount,
    releasedCents: amount,
    refundedCents: amount,
    heldCents: amount,
    balanceCents: amount,
  }),
  changeRequest: z
    .strictObject({
      id: z.string(),
      authorRole: role,
      message: z.string(),
      baseVersion: z.number().int(),
      createdAt: isoInstant,
      milestones: z.array(planEntryView),
      changes: z.array(planChange),
      rounds: z.array(z.strictObject({ id: z.string(), authorRole: role, message: z.string(), createdAt: isoInstant, changes: z.array(planChange) })),
    })
    .nullable(),
  closeProposal: z.strictObject({ refundCents: amount, releaseCents: amount, proposedAt: isoInstant }).nullable(),
  /** R21: the latest dispute (open, escalated, or the last one settled), or null. */
  dispute: disputeView.nullable(),
  reviews: z.array(
    z.strictObject({
      authorRole: role,
      rating: z.number().int().min(1).max(5),
      timelinessRating: z.number().int().min(1).max(5).nullable(),
      comment: z.string(),
      createdAt: isoInstant,
    }),
  ),
  /** The computed deadline record shown beside the timeliness rating (R12). */
  deadlines: z.strictObject({
    milestones: z.array(
      z.strictObject({ milestoneId: z.string(), title: z.string(), dueDate: isoDay, releasedOn: isoDay, daysLate: z.number().int().min(0) }),
    ),
    lateCount: z.number().int().min(0),
    totalDaysLate: z.number().int().min(0),
  }),
  allowedActions: z.array(actionName),
  createdAt: isoInstant,
  closedAt: isoInstant.nullable(),
})

export const contractList = z.strictObject({
  contracts: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      status: z.enum(['OPEN', 'CLOSED']),
      role,
      nextMilestone: z
        .strictObject({ id: z.string(), title: z.string(), amountCents: amount, dueDate: isoDay.nullable(), state: milestoneView.shape.state })
        .nullable(),
      heldCents: amount,
      releasedCents: amount,
      refundedCents: amount,
      /** What the upcoming milestones still need funded beyond the escrow balance. */
      toFundCents: amount,
      waitingForYou: z.boolean(),
      /** Why waitingForYou: a change request or counter to answer (R18), or a close proposal. */
      waitingFor: z.enum(['REVIEW_UPDATES', 'CLOSE_PROPOSAL']).nullable(),
    }),
  ),
  /** Send it back as ?cursor= for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
})

export const activityList = z.strictObject({
  events: z.array(
    z.strictObject({
      id: z.string(),
      type: z.string(),
      at: isoInstant,
      actor: party.nullable(),
      data: z.unknown(),
    }),
  ),
})

const planSnapshotEntry = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  amountCents: amount,
  dueDate: isoDay.nullable(),
  state: milestoneView.shape.state,
})
const planVersionReason = z.enum(['CREATED', 'SAVED', 'REQUEST_ACCEPTED', 'COUNTER_ACCEPTED', 'MILESTONE_FUNDED', 'RECORDED'])
const planVersionSummary = z.strictObject({
  version: z.number().int().min(1),
  at: isoInstant,
  /** Who made the version; null for the system or a version recorded when history began. */
  actor: party.nullable(),
  reason: planVersionReason,
})

/** R20: GET /api/contracts/{id}/plan-versions, newest first. */
export const planVersionList = z.strictObject({ versions: z.array(planVersionSummary) })

/** R20: GET /api/contracts/{id}/plan-versions/{version}: the whole plan then, and its changes from the version before. */
export const planVersionDetail = planVersionSummary.extend({
  milestones: z.array(planSnapshotEntry.extend({ position: z.number().int().min(0) })),
  changes: z.array(planChange),
})

/** R24: the JSON export. The same for both parties: nothing in it depends on who asks or when. */
export const evidenceRecord = z.strictObject({
  contract: z.strictObject({
    id: z.string(),
    title: z.string(),
    status: z.enum(['OPEN', 'CLOSED']),
    currency: z.literal('USD'),
    createdAt: isoInstant,
    closedAt: isoInstant.nullable(),
    client: party,
    expert: party,
    planVersion: z.number().int().min(1),
    milestones: z.array(
      milestoneView.omit({ overdue: true, submission: true, extensionRequest: true }).extend({ fundedAt: isoInstant.nullable(), submittedAt: isoInstant.nullable(), releasedAt: isoInstant.nullable() }),
    ),
    escrow: contractView.shape.escrow,
    // The pending request as stored, every field filled in; its diff and its thread's earlier rounds
    // are in the CHANGES_REQUESTED and CHANGES_COUNTERED events.
    changeRequest: contractView.shape.changeRequest
      .unwrap()
      .omit({ changes: true, rounds: true })
      .extend({ milestones: z.array(z.strictObject({ id: z.string().nullable(), title: z.string(), description: z.string(), amountCents: amount, dueDate: isoDay.nullable() })) })
      .nullable(),
    closeProposal: contractView.shape.closeProposal,
    reviews: contractView.shape.reviews,
  }),
  events: z.array(
    z.strictObject({
      id: z.string(),
      at: isoInstant,
      type: z.string(),
      /** The actor's role on this contract; null role for neither party, null actor for the system. */
      actor: party.extend({ role: role.nullable() }).nullable(),
      data: z.unknown().describe('As the activity log holds it, keys sorted; plan events carry `changes` (the old → new plan diff)'),
    }),
  ),
  ledger: z.array(
    z.strictObject({
      id: z.string(),
      at: isoInstant,
      kind: z.enum(['DEPOSIT', 'RELEASE', 'REFUND']),
      amountCents: amount,
      milestoneId: z.string().nullable(),
      milestoneTitle: z.string().nullable(),
      heldCents: amount.describe('Held in escrow right after this entry'),
    }),
  ),
})

/** R21: what an operator reads and what a decision answers with. */
export const operatorDispute = z.strictObject({
  contract: z.strictObject({
    id: z.string(),
    title: z.string(),
    status: z.enum(['OPEN', 'CLOSED']),
    client: party,
    expert: party,
    escrow: contractView.shape.escrow,
  }),
  milestone: z.strictObject({ id: z.string(), title: z.string(), state: milestoneView.shape.state, fundedCents: amount, releasedCents: amount }),
  dispute: disputeView,
  events: activityList.shape.events,
  ledger: z.array(z.strictObject({ id: z.string(), kind: z.enum(['DEPOSIT', 'RELEASE', 'REFUND']), amountCents: amount, milestoneId: z.string().nullable(), at: isoInstant })),
})

export const errorBody = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
})

/** `GET`/`POST /api/dev/clock` (demo mode): the application clock. */
export const clockReading = z.strictObject({ now: isoInstant, offsetMs: z.number().int().min(0) })
