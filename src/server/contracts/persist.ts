import 'server-only'
import type { DomainEvent, Outcome, Timer } from '@/domain/events'
import type { Contract, Dispute, ExtensionRequest, Milestone } from '@/domain/types'
import type { ChangeRequestStatus, ExtensionStatus } from '@/generated/prisma/client'
import { planVersionMade } from '@/domain/plan-history'
import { randomUUID } from 'node:crypto'
import { insertRows, type Sql } from '../db/sql'
import { addJobs } from '../jobs/queue'

/**
 * Writes what a command changed: the contract row, the milestones that were added, changed or
 * removed (in a constant number of statements, however long the plan), the change request, new
 * reviews, the ledger entries, the plan version it made (R20) and the timers (as DUE jobs). Runs
 * inside the command's transaction; `now` is the command's time, as its activity events have it.
 * `actorId` is null for the system (a due timer): it writes no request or review.
 */
export async function persistOutcome(sql: Sql, before: Contract | null, outcome: Outcome, actorId: string | null, now = new Date()): Promise<void> {
  const after = outcome.contract
  await writeContractRow(sql, before, after)
  await writeMilestones(sql, before?.milestones ?? [], after, now)
  await writeChangeRequest(sql, before, after, outcome.events, actorId, now)
  const version = planVersionMade(before, after, outcome.events)
  if (version) {
    await insertRows(sql, 'PlanVersion', [{ contractId: after.id, version: version.version, actorId, reason: version.reason, milestones: version.milestones, createdAt: now }])
  }
  await writeDispute(sql, before?.dispute ?? null, after, actorId)
  await writeExtensionRequests(sql, before, after, outcome.events, now)
  const newReviews = after.reviews.slice(before?.reviews.length ?? 0)
  if (newReviews.length > 0 && actorId) {
    await insertRows(sql, 'Review', newReviews.map((r) => ({ id: randomUUID(), contractId: after.id, authorId: actorId, ...r })))
  }
  // One time for the command's entries and sorted ids, so they read back in the domain's order
  // where the ledger breaks time ties by id.
  const ledgerIds = outcome.ledger.map(() => randomUUID()).sort()
  await insertRows(
    sql,
    'LedgerEntry',
    outcome.ledger.map((e, i) => ({ id: ledgerIds[i], contractId: after.id, milestoneId: e.milestoneId, kind: e.kind, amountCents: e.amountCents, createdAt: now })),
  )
  await writeTimers(sql, after.id, outcome.timers ?? [])
}

/** Each timer becomes a DUE job, due at its time; the worker asks the domain again then. */
async function writeTimers(sql: Sql, contractId: string, timers: readonly Timer[]): Promise<void> {
  await addJobs(
    sql,
    timers.map((timer) => ({
      kind: 'DUE' as const,
      tag: timer.kind,
      contractId,
      runAt: timer.at,
      payload: { dueKind: timer.kind, contractId, subjectId: timer.subjectId, at: timer.at.toISOString() },
    })),
  )
}

async function writeContractRow(sql: Sql, before: Contract | null, after: Contract): Promise<void> {
  const fields = {
    status: after.status,
    planVersion: after.planVersion,
    depositedCents: after.escrow.depositedCents,
    releasedCents: after.escrow.releasedCents,
    refundedCents: after.escrow.refundedCents,
    balanceCents: after.escrow.balanceCents,
    closeRefundCents: after.closeProposal?.refundCents ?? null,
    closeProposedAt: after.closeProposal?.proposedAt ?? null,
    closedAt: after.closedAt,
  }
  if (before) {
    const names = Object.keys(fields)
    await sql(`UPDATE "Contract" SET ${names.map((name, i) => `"${name}" = $${i + 2}`).join(', ')} WHERE "id" = $1`, [after.id, ...Object.values(fields)])
  } else {
    const settings = { reviewDays: after.reviewDays, requestDays: after.requestDays }
    await insertRows(sql, 'Contract', [{ id: after.id, title: after.title, clientId: after.clientId, expertId: after.expertId, createdAt: after.createdAt, ...settings, ...fields }])
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

/**
 * The milestones a command removed, added and changed. The domain keeps the very object of a
 * milestone it did not touch, so those need no comparing, and when none moved, came or went (a
 * funding, a release) the lists are walked side by side: a command on a long plan costs what it
 * changed, not what the plan holds.
 */
function milestoneChanges(before: readonly Milestone[], after: readonly Milestone[]) {
  const added: MilestoneColumns[] = []
  const changed: MilestoneColumns[] = []
  const changedAt = (prior: Milestone, m: Milestone, i: number, priorPosition: number) => {
    const columns = milestoneColumns(m, i)
    if (!sameColumns(milestoneColumns(prior, priorPosition), columns)) changed.push(columns)
  }
  if (before.length === after.length && after.every((m, i) => m.id === before[i]!.id)) {
    after.forEach((m, i) => {
      if (m !== before[i]) changedAt(before[i]!, m, i, i)
    })
    return { removed: [], added, changed }
  }
  const was = new Map(before.map((m, i) => [m.id, { milestone: m, position: i }]))
  const nextIds = new Set(after.map((m) => m.id))
  const removed = before.filter((m) => !nextIds.has(m.id)).map((m) => m.id)
  after.forEach((m, i) => {
    const prior = was.get(m.id)
    if (!prior) added.push(milestoneColumns(m, i))
    else if (prior.milestone !== m || prior.position !== i) changedAt(prior.milestone, m, i, prior.position)
  })
  return { removed, added, changed }
}

function sameColumns(a: MilestoneColumns, b: MilestoneColumns): boolean {
  return (Object.keys(a) as (keyof MilestoneColumns)[]).every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]))
}

async function writeMilestones(sql: Sql, before: readonly Milestone[], after: Contract, now: Date): Promise<void> {
  const { removed, added, changed } = milestoneChanges(before, after.milestones)
  if (removed.length > 0) {
    await sql(`DELETE FROM "Milestone" WHERE "contractId" = $1 AND "id" IN (SELECT jsonb_array_elements_text($2::jsonb)) AND "state" = 'UPCOMING'`, [after.id, removed])
  }
  if (changed.length > 0) {
    // One statement for any number of rows: the new values travel as one JSON parameter. The
    // recordset declares the column types (Citus refuses casts of column references here). The ids
    // as an array let the primary key find just those rows: joined on the recordset alone, the
    // planner read and hashed every milestone of the contract to update one.
    await sql(
      `UPDATE "Milestone" AS m SET
        "position" = v."position", "title" = v."title", "description" = v."description",
        "amountCents" = v."amountCents", "dueDate" = v."dueDate",
        "state" = v."state", "fundedCents" = v."fundedCents",
        "releasedCents" = v."releasedCents", "fundedAt" = v."fundedAt",
        "submittedAt" = v."submittedAt", "releasedAt" = v."releasedAt",
        "submissionMessage" = v."submissionMessage", "submissionLinks" = v."submissionLinks",
        "reviewEndsAt" = v."reviewEndsAt", "reviewExtendedDays" = v."reviewExtendedDays",
        "reviewReminderAt" = v."reviewReminderAt"
      FROM jsonb_to_recordset($2::jsonb) AS v(
        "id" text, "position" int, "title" text, "description" text, "amountCents" int, "dueDate" date,
        "state" "MilestoneState", "fundedCents" int, "releasedCents" int, "fundedAt" timestamp(3),
        "submittedAt" timestamp(3), "releasedAt" timestamp(3), "submissionMessage" text,
        "submissionLinks" jsonb, "reviewEndsAt" timestamp(3), "reviewExtendedDays" int,
        "reviewReminderAt" timestamp(3))
      WHERE m."id" = v."id" AND m."contractId" = $1 AND m."id" = ANY(ARRAY(SELECT x->>'id' FROM jsonb_array_elements($2::jsonb) x))`,
      [after.id, changed],
    )
  }
  if (added.length > 0) {
    await insertRows(sql, 'Milestone', added.map((m) => ({ ...m, contractId: after.id, createdAt: now })))
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

async function writeChangeRequest(sql: Sql, before: Contract | null, after: Contract, events: readonly DomainEvent[], actorId: string | null, at: Date) {
  const was = before?.changeRequest ?? null
  const now = after.changeRequest
  if (was && now?.id !== was.id) {
    const { status, reason } = resolutionOf(events)
    await sql(`UPDATE "ChangeRequest" SET "status" = $3, "reason" = $4, "resolvedAt" = $5 WHERE "contractId" = $1 AND "id" = $2`, [after.id, was.id, status, reason, at])
  }
  if (now && now.id !== was?.id && actorId) {
    await insertRows(sql, 'ChangeRequest', [
      {
        id: now.id,
        contractId: after.id,
        authorId: actorId,
        authorRole: now.authorRole,
        rounds: now.rounds,
        message: now.message,
        baseVersion: now.baseVersion,
        milestones: now.milestones,
        createdAt: now.createdAt,
      },
    ])
  } else if (now && was && (now.baseVersion !== was.baseVersion || now.milestones !== was.milestones)) {
    await sql(`UPDATE "ChangeRequest" SET "baseVersion" = $3, "milestones" = $4 WHERE "contractId" = $1 AND "id" = $2`, [after.id, now.id, now.baseVersion, now.milestones])
  }
}

/**
 * R21: a new dispute with its first offer, or what changed on the open one: new offers (always
 * the acting party's), escalation, settlement. The update names the status it saw, as a second
 * guard behind the contract's row lock.
 */
async function writeDispute(sql: Sql, was: Dispute | null, after: Contract, actorId: string | null): Promise<void> {
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
    await insertRows(sql, 'Dispute', [
      { id: now.id, contractId: after.id, milestoneId: now.milestoneId, openedById: authorId, openedByRole: now.openedBy, openedAt: now.openedAt, ...fields },
    ])
  } else {
    const names = Object.keys(fields)
    const updated = await sql(
      `UPDATE "Dispute" SET ${names.map((name, i) => `"${name}" = $${i + 4}`).join(', ')} WHERE "contractId" = $1 AND "id" = $2 AND "status" = $3 RETURNING "id"`,
      [after.id, now.id, was!.status, ...Object.values(fields)],
    )
    if (updated.length !== 1) throw new Error(`dispute ${now.id} changed under the contract lock`)
  }
  const added = now.offers.slice(known)
  if (added.length > 0) {
    await insertRows(
      sql,
      'DisputeOffer',
      added.map((o, i) => ({
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
    )
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

/** Each milestone's pending extension request, by milestone id (a plain loop: run on every command over the whole plan). */
function pendingExtensions(milestones: readonly Milestone[]): Map<string, ExtensionRequest> {
  const pending = new Map<string, ExtensionRequest>()
  for (const m of milestones) if (m.extensionRequest) pending.set(m.id, m.extensionRequest)
  return pending
}

/** R17: ends the pending requests a command answered or dropped, then writes the new ones (one pending per milestone). */
async function writeExtensionRequests(sql: Sql, before: Contract | null, after: Contract, events: readonly DomainEvent[], now: Date) {
  const was = pendingExtensions(before?.milestones ?? [])
  const next = pendingExtensions(after.milestones)
  for (const [milestoneId, request] of was) {
    if (next.get(milestoneId)?.id === request.id) continue
    const status = extensionResolution(events, request.id, request.expiresAt.getTime() <= now.getTime())
    await sql(`UPDATE "ExtensionRequest" SET "status" = $3, "resolvedAt" = $4 WHERE "contractId" = $1 AND "id" = $2 AND "status" = 'PENDING'`, [after.id, request.id, status, now])
  }
  const created = [...next].filter(([milestoneId, request]) => was.get(milestoneId)?.id !== request.id)
  if (created.length > 0) {
    await insertRows(
      sql,
      'ExtensionRequest',
      created.map(([milestoneId, r]) => ({ id: r.id, contractId: after.id, milestoneId, days: r.days, reason: r.reason, requestedAt: r.requestedAt, expiresAt: r.expiresAt })),
    )
  }
}
