import 'server-only'
import { allowedActions, type Action } from '@/domain/allowed-actions'
import { deadlineRecord, isOverdue } from '@/domain/deadlines'
import { escrowView, isInProgress } from '@/domain/escrow'
import { isExtensionPending } from '@/domain/extensions'
import { diffPlan } from '@/domain/plan-diff'
import type { Contract, PlanEntry, Role } from '@/domain/types'
import { toDisputeView } from '../disputes/dispute-view'
import type { Party } from './mapping'

/** The contract as `GET /api/contracts/{id}` shows it to one member (PRODUCT.md, Representations). */
export type ContractView = ReturnType<typeof toContractView>

/** The upcoming part of the plan, in the shape plan inputs use. */
export function upcomingPlan(contract: Contract): PlanEntry[] {
  return contract.milestones
    .filter((m) => m.state === 'UPCOMING')
    .map((m) => ({ id: m.id, title: m.title, description: m.description, amountCents: m.amountCents, dueDate: m.dueDate }))
}

export function toContractView(contract: Contract, parties: { client: Party; expert: Party }, userId: string, now: Date) {
  const role: Role = contract.clientId === userId ? 'CLIENT' : 'EXPERT'
  const escrow = escrowView(contract)
  const request = contract.changeRequest
  const upcoming = upcomingPlan(contract)
  // Earlier rounds may name a milestone funded since (it left the upcoming plan): not a change.
  const locked = new Set(contract.milestones.filter((m) => m.state !== 'UPCOMING').map((m) => m.id))
  const changesOf = (entries: readonly PlanEntry[]) => diffPlan(upcoming, entries.filter((e) => e.id === undefined || !locked.has(e.id)))
  return {
    id: contract.id,
    title: contract.title,
    status: contract.status,
    role,
    reviewDays: contract.reviewDays,
    requestDays: contract.requestDays,
    client: parties.client,
    expert: parties.expert,
    planVersion: contract.planVersion,
    milestones: contract.milestones.map((m, position) => ({
      id: m.id,
      position,
      title: m.title,
      description: m.description,
      amountCents: m.amountCents,
      dueDate: m.dueDate,
      state: m.state,
      fundedCents: m.fundedCents,
      releasedCents: m.releasedCents,
      overdue: isOverdue(m, now),
      submission: m.submission
        ? {
            message: m.submission.message,
            links: [...m.submission.links],
            submittedAt: m.submission.submittedAt.toISOString(),
            reviewEndsAt: m.submission.reviewEndsAt.toISOString(),
            extendedDays: m.submission.extendedDays,
          }
        : null,
      extensionRequest:
        isInProgress(m) && isExtensionPending(m.extensionRequest, now)
          ? {
              id: m.extensionRequest.id,
              days: m.extensionRequest.days,
              reason: m.extensionRequest.reason,
              requestedAt: m.extensionRequest.requestedAt.toISOString(),
              expiresAt: m.extensionRequest.expiresAt.toISOString(),
            }
          : null,
    })),
    escrow,
    changeRequest: request
      ? {
          id: request.id,
          authorRole: request.authorRole,
          message: request.message,
          baseVersion: request.baseVersion,
          createdAt: request.createdAt.toISOString(),
          milestones: request.milestones,
          changes: changesOf(request.milestones),
          // R18: the thread, oldest first, ending with this request; each round against the current plan.
          rounds: [...request.rounds, request].map((r) => ({
            id: r.id,
            authorRole: r.authorRole,
            message: r.message,
            createdAt: r.createdAt.toISOString(),
            changes: changesOf(r.milestones),
          })),
        }
      : null,
    closeProposal: contract.closeProposal
      ? {
          refundCents: contract.closeProposal.refundCents,
          releaseCents: escrow.heldCents - contract.closeProposal.refundCents,
          proposedAt: contract.closeProposal.proposedAt.toISOString(),
        }
      : null,
    dispute: contract.dispute ? toDisputeView(contract.dispute, contract) : null,
    reviews: contract.reviews.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    deadlines: deadlineRecord(contract),
    allowedActions: allowedActions(contract, userId, now) as Action[],
    createdAt: contract.createdAt.toISOString(),
    closedAt: contract.closedAt?.toISOString() ?? null,
  }
}
