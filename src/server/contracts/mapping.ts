import 'server-only'
import type { Cents } from '@/domain/money'
import type { ChangeRequest, ChangeRound, Contract, ContractStatus, Dispute, DisputeStatus, ExtensionRequest, IsoDate, Milestone, MilestoneState, PlanEntry, Role, Submission } from '@/domain/types'

/**
 * The contract row with its children as load-contract.ts reads them (one hand-written statement;
 * times already Dates, due dates still calendar days). What `toContract` needs, and no more.
 */
export type ContractRow = {
  id: string
  title: string
  status: ContractStatus
  clientId: string
  expertId: string
  planVersion: number
  depositedCents: number | bigint
  releasedCents: number | bigint
  refundedCents: number | bigint
  balanceCents: number | bigint
  closeRefundCents: number | bigint | null
  closeProposedAt: Date | null
  reviewDays: number
  requestDays: number
  createdAt: Date
  closedAt: Date | null
  client: Party
  expert: Party
  milestones: MilestoneRow[]
  /** The pending one, if any. */
  changeRequests: ChangeRequestRow[]
  /** The pending ones. */
  extensionRequests: ExtensionRow[]
  reviews: { authorRole: Role; rating: number; timelinessRating: number | null; comment: string; createdAt: Date }[]
  /** The open dispute, else the last one settled: at most one. */
  disputes: DisputeRow[]
}

export type MilestoneRow = {
  id: string
  title: string
  description: string
  amountCents: number
  dueDate: IsoDate | null
  state: MilestoneState
  fundedCents: number
  releasedCents: number
  fundedAt: Date | null
  submittedAt: Date | null
  releasedAt: Date | null
  submissionMessage: string | null
  submissionLinks: unknown
  reviewEndsAt: Date | null
  reviewExtendedDays: number
  reviewReminderAt: Date | null
}

type ExtensionRow = { id: string; milestoneId: string; days: number; reason: string; requestedAt: Date; expiresAt: Date }

type ChangeRequestRow = { id: string; authorRole: Role; message: string; baseVersion: number; createdAt: Date; milestones: unknown; rounds: unknown }

export type DisputeRow = {
  id: string
  status: DisputeStatus
  milestoneId: string
  openedByRole: Role
  openedAt: Date
  escalatedAt: Date | null
  settledAt: Date | null
  acceptedOfferId: string | null
  decidedById: string | null
  decisionReleaseCents: number | null
  decisionReason: string | null
  decidedAt: Date | null
  offers: { id: string; authorRole: Role; releaseCents: number; statement: string; createdAt: Date }[]
}

export type Party = { id: string; email: string; name: string | null }

/** Money columns are int4 or int8; both become exact JS integers (totals stay far below 2^53). */
export const toCents = (value: number | bigint): Cents => Number(value) as Cents

/** A DATE column arrives as UTC midnight; the domain speaks calendar days. */
export const toIsoDate = (value: Date | null): IsoDate | null => (value ? value.toISOString().slice(0, 10) : null)

export function toExtensionRequest(row: ExtensionRow): ExtensionRequest {
  return { id: row.id, days: row.days, reason: row.reason, requestedAt: row.requestedAt, expiresAt: row.expiresAt }
}

export function toSubmission(row: MilestoneRow): Submission | null {
  if (row.submissionMessage === null || row.reviewEndsAt === null || row.submittedAt === null) return null
  return {
    message: row.submissionMessage,
    links: Array.isArray(row.submissionLinks) ? (row.submissionLinks as string[]) : [],
    submittedAt: row.submittedAt,
    reviewEndsAt: row.reviewEndsAt,
    extendedDays: row.reviewExtendedDays,
    lastReminderAt: row.reviewReminderAt,
  }
}

export function toMilestone(row: MilestoneRow, pending: readonly ExtensionRow[] = []): Milestone {
  const extension = pending.find((r) => r.milestoneId === row.id)
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    amountCents: toCents(row.amountCents),
    dueDate: row.dueDate,
    state: row.state,
    fundedCents: toCents(row.fundedCents),
    releasedCents: toCents(row.releasedCents),
    fundedAt: row.fundedAt,
    submittedAt: row.submittedAt,
    releasedAt: row.releasedAt,
    submission: toSubmission(row),
    extensionRequest: extension ? toExtensionRequest(extension) : null,
  }
}

/** An earlier round as the rounds column keeps it (JSON: the time is a string). */
type StoredRound = Omit<ChangeRound, 'createdAt'> & { createdAt: string }

export function toChangeRequest(row: ChangeRequestRow): ChangeRequest {
  return {
    id: row.id,
    authorRole: row.authorRole,
    message: row.message,
    baseVersion: row.baseVersion,
    createdAt: row.createdAt,
    milestones: row.milestones as unknown as PlanEntry[],
    rounds: (row.rounds as unknown as StoredRound[]).map((r) => ({ ...r, createdAt: new Date(r.createdAt) })),
  }
}

export function toDispute(row: DisputeRow): Dispute {
  return {
    id: row.id,
    status: row.status,
    milestoneId: row.milestoneId,
    openedBy: row.openedByRole,
    openedAt: row.openedAt,
    escalatedAt: row.escalatedAt,
    settledAt: row.settledAt,
    acceptedOfferId: row.acceptedOfferId,
    offers: row.offers.map((o) => ({ id: o.id, by: o.authorRole, releaseCents: toCents(o.releaseCents), statement: o.statement, at: o.createdAt })),
    decision:
      row.decidedAt && row.decisionReleaseCents !== null && row.decisionReason !== null
        ? { releaseCents: toCents(row.decisionReleaseCents), reason: row.decisionReason, operatorId: row.decidedById ?? '', at: row.decidedAt }
        : null,
  }
}

/** The domain's view of a contract row and its children. */
export function toContract(row: ContractRow): Contract {
  const pending = row.changeRequests[0]
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    reviewDays: row.reviewDays,
    requestDays: row.requestDays,
    clientId: row.clientId,
    expertId: row.expertId,
    planVersion: row.planVersion,
    milestones: row.milestones.map((m) => toMilestone(m, row.extensionRequests)),
    escrow: {
      depositedCents: toCents(row.depositedCents),
      releasedCents: toCents(row.releasedCents),
      refundedCents: toCents(row.refundedCents),
      balanceCents: toCents(row.balanceCents),
    },
    changeRequest: pending ? toChangeRequest(pending) : null,
    closeProposal:
      row.closeRefundCents !== null && row.closeProposedAt
        ? { refundCents: toCents(row.closeRefundCents), proposedAt: row.closeProposedAt }
        : null,
    dispute: row.disputes[0] ? toDispute(row.disputes[0]) : null,
    reviews: row.reviews.map((r) => ({
      authorRole: r.authorRole,
      rating: r.rating,
      timelinessRating: r.timelinessRating,
      comment: r.comment,
      createdAt: r.createdAt,
    })),
    createdAt: row.createdAt,
    closedAt: row.closedAt,
  }
}
