import 'server-only'
import type { Contract } from '@/domain/types'
import type { Sql } from '../db/sql'
import { toContract, type ContractRow, type MilestoneRow, type Party } from './mapping'

/** Quoted column names of `alias`, for a SELECT list. */
const columns = (alias: string, names: string[]) => names.map((name) => `${alias}."${name}"`).join(', ')

/**
 * The rows of a subquery as a JSON array ([] when none). Each row becomes an object through
 * json_agg of the row itself, which PostgreSQL does several times faster than json_build_object
 * with one argument per column (measured on a 500-milestone plan).
 */
const list = (subquery: string, orderBy = '') => `coalesce((SELECT json_agg(x${orderBy ? ` ORDER BY x.${orderBy}` : ''}) FROM (${subquery}) x), '[]'::json)`

/** The milestone columns the load reads; `position` puts them in plan order. */
const MILESTONE_COLUMNS = [
  'position', 'id', 'title', 'description', 'amountCents', 'dueDate', 'state', 'fundedCents', 'releasedCents', 'fundedAt',
  'submittedAt', 'releasedAt', 'submissionMessage', 'submissionLinks', 'reviewEndsAt', 'reviewExtendedDays', 'reviewReminderAt',
] as const
/**
 * The milestones as one JSON object of columns, an array each (null when there are none):
 * PostgreSQL builds an array per column twice as fast as an object per row (json_agg converts
 * every row's columns one by one), in a third of the bytes. Not ordered there: an ORDER BY in
 * each aggregate would sort once per column, so `milestoneRows` puts them in plan order.
 */
const MILESTONES = `(SELECT json_build_object(${MILESTONE_COLUMNS.map((name) => `'${name}', array_agg(m."${name}")`).join(', ')}) FROM "Milestone" m WHERE m."contractId" = $1)`
const CHANGE_REQUESTS = list(
  `SELECT ${columns('r', ['id', 'authorRole', 'message', 'baseVersion', 'createdAt', 'milestones', 'rounds'])} FROM "ChangeRequest" r WHERE r."contractId" = $1 AND r."status" = 'PENDING'`,
)
const EXTENSIONS = list(
  `SELECT ${columns('e', ['id', 'milestoneId', 'days', 'reason', 'requestedAt', 'expiresAt'])} FROM "ExtensionRequest" e WHERE e."contractId" = $1 AND e."status" = 'PENDING'`,
)
const REVIEWS = list(`SELECT ${columns('v', ['authorRole', 'rating', 'timelinessRating', 'comment', 'createdAt'])} FROM "Review" v WHERE v."contractId" = $1`, '"createdAt"')
const OFFERS = list(
  `SELECT ${columns('o', ['position', 'id', 'authorRole', 'releaseCents', 'statement', 'createdAt'])} FROM "DisputeOffer" o WHERE o."contractId" = $1 AND o."disputeId" = d."id"`,
  '"position"',
)
// The open dispute, else the last one settled: open first by the enum's order (OPEN, ESCALATED,
// SETTLED), never by time alone, so a skewed clock cannot hide an open dispute behind a settled one.
const DISPUTES = list(
  `SELECT ${columns('d', [
    'id', 'status', 'milestoneId', 'openedByRole', 'openedAt', 'escalatedAt', 'settledAt', 'acceptedOfferId',
    'decidedById', 'decisionReleaseCents', 'decisionReason', 'decidedAt',
  ])}, ${OFFERS} AS "offers" FROM "Dispute" d WHERE d."contractId" = $1 ORDER BY d."status", d."openedAt" DESC, d."id" LIMIT 1`,
)
const party = (column: string) => `(SELECT json_build_object('id', u."id", 'email', u."email", 'name', u."name") FROM "User" u WHERE u."id" = c."${column}")`

/**
 * The whole aggregate in one statement, as one JSON text (parsed once, here). Every child names
 * the contract ($1), so Citus routes the statement to the contract's one worker.
 */
export const LOAD_CONTRACT = `SELECT json_build_object(
  ${[
    'id', 'title', 'status', 'clientId', 'expertId', 'planVersion', 'depositedCents', 'releasedCents', 'refundedCents',
    'balanceCents', 'closeRefundCents', 'closeProposedAt', 'reviewDays', 'requestDays', 'createdAt', 'closedAt',
  ].map((name) => `'${name}', c."${name}"`).join(', ')},
  'client', ${party('clientId')}, 'expert', ${party('expertId')},
  'milestones', ${MILESTONES}, 'changeRequests', ${CHANGE_REQUESTS}, 'extensionRequests', ${EXTENSIONS},
  'reviews', ${REVIEWS}, 'disputes', ${DISPUTES}
)::text AS "row" FROM "Contract" c WHERE c."id" = $1`

/** A row as JSON gives it: every Date a timestamp string with no zone (the columns hold UTC). */
type Json<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] extends (infer U)[] ? Json<U>[] : T[K]
}

const at = (value: string): Date => new Date(`${value}Z`)
const maybeAt = (value: string | null): Date | null => (value === null ? null : at(value))

type MilestoneColumn = (typeof MILESTONE_COLUMNS)[number]
type JsonMilestone = Json<MilestoneRow> & { position: number }
/** The columns as the load sends them: all null for a contract without milestones. */
type MilestoneColumns = { [K in MilestoneColumn]: JsonMilestone[K][] | null }
type LoadedRow = Omit<Json<ContractRow>, 'milestones'> & { milestones: MilestoneColumns }

/** The milestones as rows in plan order, their times as Dates. */
function milestoneRows(columns: MilestoneColumns): MilestoneRow[] {
  const positions = columns.position ?? []
  const order = positions.map((_, i) => i).sort((a, b) => positions[a]! - positions[b]!)
  const cell = <K extends MilestoneColumn>(name: K, i: number) => columns[name]![i] as JsonMilestone[K]
  return order.map((i) => ({
    id: cell('id', i),
    title: cell('title', i),
    description: cell('description', i),
    amountCents: cell('amountCents', i),
    dueDate: cell('dueDate', i),
    state: cell('state', i),
    fundedCents: cell('fundedCents', i),
    releasedCents: cell('releasedCents', i),
    fundedAt: maybeAt(cell('fundedAt', i)),
    submittedAt: maybeAt(cell('submittedAt', i)),
    releasedAt: maybeAt(cell('releasedAt', i)),
    submissionMessage: cell('submissionMessage', i),
    submissionLinks: cell('submissionLinks', i),
    reviewEndsAt: maybeAt(cell('reviewEndsAt', i)),
    reviewExtendedDays: cell('reviewExtendedDays', i),
    reviewReminderAt: maybeAt(cell('reviewReminderAt', i)),
  }))
}

/**
 * The row with its times as Dates, field by field. Not a JSON.parse reviver: that runs for every
 * key of every milestone and cost more than the statement itself on long plans.
 */
function withDates(row: LoadedRow): ContractRow {
  return {
    ...row,
    createdAt: at(row.createdAt),
    closedAt: maybeAt(row.closedAt),
    closeProposedAt: maybeAt(row.closeProposedAt),
    milestones: milestoneRows(row.milestones),
    changeRequests: row.changeRequests.map((r) => ({ ...r, createdAt: at(r.createdAt) })),
    extensionRequests: row.extensionRequests.map((e) => ({ ...e, requestedAt: at(e.requestedAt), expiresAt: at(e.expiresAt) })),
    reviews: row.reviews.map((v) => ({ ...v, createdAt: at(v.createdAt) })),
    disputes: row.disputes.map((d) => ({
      ...d,
      openedAt: at(d.openedAt),
      escalatedAt: maybeAt(d.escalatedAt),
      settledAt: maybeAt(d.settledAt),
      decidedAt: maybeAt(d.decidedAt),
      offers: d.offers.map((o) => ({ ...o, createdAt: at(o.createdAt) })),
    })),
  }
}

export type LoadedContract = { contract: Contract; parties: { client: Party; expert: Party } }

/** The contract as the domain sees it, and its two parties; null when there is no such contract. */
export async function loadContract(sql: Sql, contractId: string): Promise<LoadedContract | null> {
  const rows = await sql<{ row: string }>(LOAD_CONTRACT, [contractId], { name: 'tranche_load_contract' })
  if (rows.length === 0) return null
  const row = withDates(JSON.parse(rows[0]!.row) as LoadedRow)
  return { contract: toContract(row), parties: { client: row.client, expert: row.expert } }
}
