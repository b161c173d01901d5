import 'server-only'
import type { Cents } from '@/domain/money'
import type { ChangeRequest, ChangeRound, Contract, Dispute, ExtensionRequest, IsoDate, Milestone, PlanEntry, Submission } from '@/domain/types'
import type { Prisma } from '@/generated/prisma/client'

/**
 * Rows read with this include are what `toContract` needs. Every relation names the contract
 * again, so each joined subquery is filtered by the shard key and Citus routes the whole
 * statement to the contract's one worker (correlation alone sends it to every worker).
 */
export function contractInclude(contractId: string) {
  return {
    milestones: { where: { contractId }, orderBy: { position: 'asc' } },
    changeRequests: { where: { contractId, status: 'PENDING' } },
    extensionRequests: { where: { contractId, status: 'PENDING' } },
    reviews: { where: { contractId }, orderBy: { createdAt: 'asc' } },
    // R21: the open dispute (at most one: a partial unique index), else the last one settled; older
    // ones are history. Open first by the enum's order (OPEN, ESCALATED, SETTLED), not by openedAt
    // alone: a skewed clock must never hide an open dispute behind a settled one.
    disputes: { where: { contractId }, orderBy: [{ status: 'asc' }, { openedAt: 'desc' }, { id: 'asc' }], take: 1, include: { offers: { where: { contractId }, orderBy: { position: 'asc' } } } },
    client: { select: { id: true, email: true, name: true } },
    expert: { select: { id: true, email: true, name: true } },
  } satisfies Prisma.ContractInclude
}

export type ContractRow = Prisma.ContractGetPayload<{ include: ReturnType<typeof contractInclude> }>
export type Party = { id: string; email: string; name: string | null }

/** Money columns are int4 or int8; both become exact JS integers (totals stay far below 2^53). */
export const toCents = (value: number | bigint): Cents => Number(value) as Cents

/** A DATE column arrives as UTC midnight; the domain speaks calendar days. */
export const toIsoDate = (value: Date | null): IsoDate | null => (value ? value.toISOString().slice(0, 10) : null)
export const fromIsoDate = (value: IsoDate | null | undefined): Date | null => (value ? new Date(`${value}T00:00:00.000Z`) : null)

type ExtensionRow = ContractRow['extensionRequests'][number]

export function toExtensionRequest(row: ExtensionRow): ExtensionRequest {
  return { id: row.id, days: row.days, reason: row.reason, requestedAt: row.requestedAt, expiresAt: row.expiresAt }
}

export function toSubmission(row: ContractRow['milestones'][number]): Submission | null {
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

export function toMilestone(row: ContractRow['milestones'][number], pending: readonly ExtensionRow[] = []): Milestone {
  const extension = pending.find((r) => r.milestoneId === row.id)
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    amountCents: toCents(row.amountCents),
    dueDate: toIsoDate(row.dueDate),
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

export function toChangeRequest(row: ContractRow['changeRequests'][number]): ChangeRequest {
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

export function toDispute(row: ContractRow['disputes'][number]): Dispute {
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
