import 'server-only'
import type { DomainEvent, Outcome, Timer } from '@/domain/events'
import type { Contract, Dispute, Milestone } from '@/domain/types'
import type { ChangeRequestStatus, ExtensionStatus, Prisma } from '@/generated/prisma/client'
import { planVersionMade } from '@/domain/plan-history'
import { addJobs } from '../jobs/queue'
import { fromIsoDate } from './mapping'

export type Tx = Prisma.TransactionClient

/**
 * Writes what a command changed: the contract row, the milestones that were added, changed or
 * removed (in a constant number of statements, however long the plan), the change request, new
 * reviews, the ledger entries, the plan version it made (R20) and the timers (as DUE jobs). Runs
 * inside the command's transaction; `now` is the command's time, as its activity events have it.
 * `actorId` is null for the system (a due timer): it writes no request or review.
 */
export async function persistOutcome(tx: Tx, before: Contract | null, outcome: Outcome, actorId: string | null, now = new Date()): Promise<void> {
  const after = outcome.contract
  await writeContractRow(tx, before, after)
  await writeMilestones(tx, before?.milestones ?? [], after)
  await writeChangeRequest(tx, before, after, outcome.events, actorId, now)
  const version = planVersionMade(before, after, outcome.events)
  if (version) {
    await tx.planVersion.createMany({
      data: {
        contractId: after.id,
        version: version.version,
        actorId,
        reason: version.reason,
        milestones: version.milestones as unknown as Prisma.InputJsonValue,
        createdAt: now,
      },
    })
  }
  await writeDispute(tx, before?.dispute ?? null, after, actorId)
  await writeExtensionRequests(tx, before, after, outcome.events, now)
  const newReviews = after.reviews.slice(before?.reviews.length ?? 0)
  if (newReviews.length > 0 && actorId) {
    await tx.review.createMany({ data: newReviews.map((r) => ({ contractId: after.id, authorId: actorId, ...r })) })
  }
  if (outcome.ledger.length > 0) {
    await tx.ledgerEntry.createMany({
      data: outcome.ledger.map((e) => ({ contractId: after.id, milestoneId: e.milestoneId, kind: e.kind, amountCents: BigInt(e.amountCents) })),
    })
  }
  await writeTimers(tx, after.id, outcome.timers ?? [])
}

/** Each timer becomes a DUE job, due at its time; the worker asks the domain again then. */
async function writeTimers(tx: Tx, contractId: string, timers: readonly Timer[]): Promise<void> {
  await addJobs(
    tx,
    timers.map((timer) => ({
      kind: 'DUE' as const,
      tag: timer.kind,
      contractId,
      runAt: timer.at,
      payload: { dueKind: timer.kind, contractId, subjectId: timer.subjectId, at: timer.at.toISOString() },
    })),
  )
}

async function writeContractRow(tx: Tx, before: Contract | null, after: Contract): Promise<void> {
  const fields = {
    status: after.status,
    planVersion: after.planVersion,
    depositedCents: BigInt(after.escrow.depositedCents),
    releasedCents: BigInt(after.escrow.releasedCents),
    refundedCents: BigInt(after.escrow.refundedCents),
    balanceCents: BigInt(after.escrow.balanceCents),
    closeRefundCents: after.closeProposal ? BigInt(after.closeProposal.refundCents) : null,
    closeProposedAt: after.closeProposal?.proposedAt ?? null,
    closedAt: after.closedAt,
  }
  const settings = { reviewDays: after.reviewDays, requestDays: after.requestDays }
  // The *Many forms write without RETURNING the row: nothing reads it back, and Citus refuses the
  // casts Prisma puts in a RETURNING clause.
  if (before) {
    await tx.contract.updateMany({ where: { id: after.id }, data: fields })
  } else {
    await tx.contract.createMany({
      data: { id: after.id, title: after.title, clientId: after.clientId, expertId: after.expertId, createdAt: after.createdAt, ...settings, ...fields },
    })
  }
}

function milestoneColumns(m: Milestone, position: number) {
  return {
    id: m.id,
    position,
    title: m.title,
    description: m.description,
    amountCents: m.amountCents,
    dueDate: m.dueDate,
    state: m.state,
    fundedCents: m.fundedCents,
    releasedCents: m.releasedCents,
    fundedAt: m.fundedAt?.toISOString() ?? null,
    submittedAt: m.submittedAt?.toISOString() ?? null,
    releasedAt: m.releasedAt?.toISOString() ?? null,
    submissionMessage: m.submission?.message ?? null,
    submissionLinks: m.submission ? [...m.submission.links] : null,
    reviewEndsAt: m.submission?.reviewEndsAt.toISOString() ?? null,
    reviewExtendedDays: m.submission?.extendedDays ?? 0,
    reviewReminderAt: m.submission?.lastReminderAt?.toISOString() ?? null,
  }
}

type MilestoneColumns = ReturnType<typeof milestoneColumns>

function sameColumns(a: MilestoneColumns, b: MilestoneColumns): boolean {
  return (Object.keys(a) as (keyof MilestoneColumns)[]).every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]))
}

async function writeMilestones(tx: Tx, before: readonly Milestone[], after: Contract): Promise<void> {
  const was = new Map(before.map((m, i) => [m.id, { milestone: m, position: i }]))
  const nextIds = new Set(after.milestones.map((m) => m.id))
  const removed = before.filter((m) => !nextIds.has(m.id)).map((m) => m.id)
  const added: MilestoneColumns[] = []
  const changed: MilestoneColumns[] = []
  after.milestones.forEach((m, i) => {
    const prior = was.get(m.id)
    // The domain keeps the very object of a milestone it did not touch: no columns to compare,
    // so a command on a long plan costs what it changes, not what the plan holds.
    if (prior?.milestone === m && prior.position === i) return
    const columns = milestoneColumns(m, i)
    if (!prior) added.push(columns)
    else if (!sameColumns(milestoneColumns(prior.milestone, prior.position), columns)) changed.push(columns)
  })

  if (removed.length > 0) {
    await tx.milestone.deleteMany({ where: { contractId: after.id, id: { in: removed }, state: 'UPCOMING' } })
  }
  if (changed.length > 0) {
    // One statement for any number of rows: the new values travel as one JSON parameter. The
    // recordset declares the column types (Citus refuses casts of column references here).
    await tx.$executeRaw`
      UPDATE "Milestone" AS m SET
        "position" = v."position", "title" = v."title", "description" = v."description",
        "amountCents" = v."amountCents", "dueDate" = v."dueDate",
        "state" = v."state", "fundedCents" = v."fundedCents",
        "releasedCents" = v."releasedCents", "fundedAt" = v."fundedAt",
        "submittedAt" = v."submittedAt", "releasedAt" = v."releasedAt",
        "submissionMessage" = v."submissionMessage", "submissionLinks" = v."submissionLinks",
        "reviewEndsAt" = v."reviewEndsAt", "reviewExtendedDays" = v."reviewExtendedDays",
        "reviewReminderAt" = v."reviewReminderAt"
      FROM jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) AS v(
        "id" text, "position" int, "title" text, "description" text, "amountCents" int, "dueDate" date,
        "state" "MilestoneState", "fundedCents" int, "releasedCents" int, "fundedAt" timestamp(3),
        "submittedAt" timestamp(3), "releasedAt" timestamp(3), "submissionMessage" text,
        "submissionLinks" jsonb, "reviewEndsAt" timestamp(3), "reviewExtendedDays" int,
        "reviewReminderAt" timestamp(3))
      WHERE m."id" = v."id" AND m."contractId" = ${after.id}`
  }
  if (added.length > 0) {
    // New milestones are upcoming: no submission yet (the columns keep their defaults).
    await tx.milestone.createMany({
      data: added.map(({ submissionMessage: _m, submissionLinks: _l, reviewEndsAt: _e, reviewExtendedDays: _d, reviewReminderAt: _r, ...m }) => ({
        ...m,
        contractId: after.id,
        dueDate: fromIsoDate(m.dueDate),
        fundedAt: m.fundedAt ? new Date(m.fundedAt) : null,
        submittedAt: m.submittedAt ? new Date(m.submittedAt) : null,
        releasedAt: m.releasedAt ? new Date(m.releasedAt) : null,
      })),
    })
  }
}

/** How a pending request ended, read from the events of the command that ended it. */
function resolutionOf(events: readonly DomainEvent[]): { status: ChangeRequestStatus; reason: string | null } {
  for (const event of events) {
    if (event.type === 'CHANGE_REQUEST_ACCEPTED') return { status: 'ACCEPTED', reason: null }
    if (event.type === 'CHANGE_REQUEST_DECLINED') return { status: 'DECLINED', reason: event.data.reason }
    if (event.type === 'CHANGE_REQUEST_WITHDRAWN') return { status: 'WITHDRAWN', reason: null }
    if (event.type === 'CHANGES_COUNTERED') return { status: 'COUNTERED', reason: null }
    if (event.type === 'CHANGE_REQUEST_EXPIRED') return { status: 'EXPIRED', reason: null }
  }
  return { status: 'CANCELLED', reason: null }
}

async function writeChangeRequest(tx: Tx, before: Contract | null, after: Contract, events: readonly DomainEvent[], actorId: string | null, at: Date) {
  const was = before?.changeRequest ?? null
  const now = after.changeRequest
  if (was && now?.id !== was.id) {
    const { status, reason } = resolutionOf(events)
    await tx.changeRequest.updateMany({ where: { contractId: after.id, id: was.id }, data: { status, reason, resolvedAt: at } })
  }
  if (now && now.id !== was?.id && actorId) {
    await tx.changeRequest.createMany({
      data: {
        id: now.id,
        contractId: after.id,
        authorId: actorId,
        authorRole: now.authorRole,
        rounds: now.rounds as unknown as Prisma.InputJsonValue,
        message: now.message,
        baseVersion: now.baseVersion,
        milestones: now.milestones as unknown as Prisma.InputJsonValue,
        createdAt: now.createdAt,
      },
    })
  } else if (now && was && (now.baseVersion !== was.baseVersion || now.milestones !== was.milestones)) {
    await tx.changeRequest.updateMany({
      where: { contractId: after.id, id: now.id },
      data: { baseVersion: now.baseVersion, milestones: now.milestones as unknown as Prisma.InputJsonValue },
    })
  }
}

/**
 * R21: a new dispute with its first offer, or what changed on the open one: new offers (always
 * the acting party's), escalation, settlement. The update names the status it saw, as a second
 * guard behind the contract's row lock.
 */
async function writeDispute(tx: Tx, was: Dispute | null, after: Contract, actorId: string | null): Promise<void> {
  const now = after.dispute
  if (!now || now === was) return
  const isNew = now.id !== was?.id
  const known = isNew ? 0 : was!.offers.length
  // Only a party opens a dispute or makes an offer; the system only escalates.
  if ((isNew || now.offers.length > known) && !actorId) throw new Error('a dispute or an offer needs its author')
  const authorId = actorId ?? ''
  const decision = now.decision
  const fields = {
    status: now.status,
    escalatedAt: now.escalatedAt,
    settledAt: now.settledAt,
    acceptedOfferId: now.acceptedOfferId,
    decidedById: decision?.operatorId ?? null,
    decisionReleaseCents: decision?.releaseCents ?? null,
    decisionReason: decision?.reason ?? null,
    decidedAt: decision?.at ?? null,
  }
  if (isNew) {
    await tx.dispute.createMany({
      data: { id: now.id, contractId: after.id, milestoneId: now.milestoneId, openedById: authorId, openedByRole: now.openedBy, openedAt: now.openedAt, ...fields },
    })
  } else {
    const updated = await tx.dispute.updateMany({ where: { contractId: after.id, id: now.id, status: was!.status }, data: fields })
    if (updated.count !== 1) throw new Error(`dispute ${now.id} changed under the contract lock`)
  }
  const added = now.offers.slice(known)
  if (added.length > 0) {
    await tx.disputeOffer.createMany({
      data: added.map((o, i) => ({
        id: o.id,
        contractId: after.id,
        disputeId: now.id,
        authorId,
        authorRole: o.by,
        position: known + i,
        releaseCents: o.releaseCents,
        statement: o.statement,
        createdAt: o.at,
      })),
    })
  }
}

/** How a pending extension request ended, read from the events of the command that ended it. */
function extensionResolution(events: readonly DomainEvent[], requestId: string, expired: boolean): ExtensionStatus {
  for (const event of events) {
    if (!('requestId' in event.data) || event.data.requestId !== requestId) continue
    if (event.type === 'EXTENSION_ACCEPTED') return 'ACCEPTED'
    if (event.type === 'EXTENSION_DECLINED') return 'DECLINED'
    if (event.type === 'EXTENSION_EXPIRED') return 'EXPIRED'
  }
  // Replaced by a new request after its expiry (before its timer ran), or dropped by a release.
  return expired ? 'EXPIRED' : 'CANCELLED'
}

/** R17: ends the pending requests a command answered or dropped, then writes the new ones (one pending per milestone). */
async function writeExtensionRequests(tx: Tx, before: Contract | null, after: Contract, events: readonly DomainEvent[], now: Date) {
  const was = new Map((before?.milestones ?? []).flatMap((m) => (m.extensionRequest ? [[m.id, m.extensionRequest] as const] : [])))
  const next = new Map(after.milestones.flatMap((m) => (m.extensionRequest ? [[m.id, m.extensionRequest] as const] : [])))
  for (const [milestoneId, request] of was) {
    if (next.get(milestoneId)?.id === request.id) continue
    const status = extensionResolution(events, request.id, request.expiresAt.getTime() <= now.getTime())
    await tx.extensionRequest.updateMany({ where: { contractId: after.id, id: request.id, status: 'PENDING' }, data: { status, resolvedAt: now } })
  }
  const created = [...next].filter(([milestoneId, request]) => was.get(milestoneId)?.id !== request.id)
  if (created.length > 0) {
    await tx.extensionRequest.createMany({
      data: created.map(([milestoneId, r]) => ({ id: r.id, contractId: after.id, milestoneId, days: r.days, reason: r.reason, requestedAt: r.requestedAt, expiresAt: r.expiresAt })),
    })
  }
}
