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

/** The milestone columns every milestone has its own values in; `position` puts them in plan order. */
const PLAN_COLUMNS = ['position', 'id', 'title', 'description', 'amountCents', 'dueDate'] as const
/**
 * The columns a milestone changes once it leaves the upcoming plan, with the value each has until
 * then. They are read only for the milestones holding anything else: on a long plan most are
 * upcoming, and eleven arrays of defaults for them cost PostgreSQL a third of the load (measured
 * on 500 milestones: 0.9 ms instead of 1.3 ms).
 */
const PROGRESS_DEFAULTS = {
  state: 'UPCOMING',
  fundedCents: 0,
  releasedCents: 0,
  fundedAt: null,
  submittedAt: null,
  releasedAt: null,
  submissionMessage: null,
  submissionLinks: null,
  reviewEndsAt: null,
  reviewExtendedDays: 0,
  reviewReminderAt: null,
} as const
type ProgressColumn = keyof typeof PROGRESS_DEFAULTS
const PROGRESS_COLUMNS = Object.keys(PROGRESS_DEFAULTS) as ProgressColumn[]
const literal = (value: string | number | null) => (value === null ? 'NULL' : typeof value === 'number' ? String(value) : `'${value}'`)
/** True for a milestone whose progress columns hold anything but their defaults. */
const IN_PROGRESS = PROGRESS_COLUMNS.map((name) => `m."${name}" IS DISTINCT FROM ${literal(PROGRESS_DEFAULTS[name])}`).join(' OR ')
/**
 * The milestones as one JSON object of columns, an array each (null when there are none):
 * PostgreSQL builds an array per column twice as fast as an object per row (json_agg converts
 * every row's columns one by one), in a third of the bytes. The progress columns are arrays of the
 * milestones named in `progressIds` only. Not ordered there: an ORDER BY in each aggregate would
 * sort once per column, so `milestoneRows` puts them in plan order. The inner query decides once
 * per row which rows those are (OFFSET 0 keeps it from being merged into each FILTER).
 */
const MILESTONES = `(SELECT json_build_object(${[
  ...PLAN_COLUMNS.map((name) => `'${name}', array_agg(m."${name}")`),
  `'progressIds', array_agg(m."id") FILTER (WHERE m."progressed")`,
  ...PROGRESS_COLUMNS.map((name) => `'${name}', array_agg(m."${name}") FILTER (WHERE m."progressed")`),
].join(', ')}) FROM (SELECT ${[...PLAN_COLUMNS, ...PROGRESS_COLUMNS].map((name) => `m."${name}"`).join(', ')}, (${IN_PROGRESS}) AS "progressed"
  FROM "Milestone" m WHERE m."contractId" = $1 OFFSET 0) m)`
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

type JsonMilestone = Json<MilestoneRow> & { position: number }
/** The columns as the load sends them: all null for a contract without milestones, the progress ones for the milestones in `progressIds`. */
type MilestoneColumns = { [K in (typeof PLAN_COLUMNS)[number] | ProgressColumn]: JsonMilestone[K][] | null } & { progressIds: string[] | null }
type LoadedRow = Omit<Json<ContractRow>, 'milestones'> & { milestones: MilestoneColumns }

/** The milestones as rows in plan order, their times as Dates; the defaults for the progress of those not in `progressIds`. */
function milestoneRows(columns: MilestoneColumns): MilestoneRow[] {
  const positions = columns.position ?? []
  const order = positions.map((_, i) => i).sort((a, b) => positions[a]! - positions[b]!)
  const progressAt = new Map((columns.progressIds ?? []).map((id, j) => [id, j]))
  const cell = <K extends (typeof PLAN_COLUMNS)[number]>(name: K, i: number) => columns[name]![i] as JsonMilestone[K]
  return order.map((i) => {
    const id = cell('id', i)
    const j = progressAt.get(id)
    const progress = <K extends ProgressColumn>(name: K) => (j === undefined ? PROGRESS_DEFAULTS[name] : columns[name]![j]) as JsonMilestone[K]
    return {
      id,
      title: cell('title', i),
      description: cell('description', i),
      amountCents: cell('amountCents', i),
      dueDate: cell('dueDate', i),
      state: progress('state'),
      fundedCents: progress('fundedCents'),
      releasedCents: progress('releasedCents'),
      fundedAt: maybeAt(progress('fundedAt')),
      submittedAt: maybeAt(progress('submittedAt')),
      releasedAt: maybeAt(progress('releasedAt')),
      submissionMessage: progress('submissionMessage'),
      submissionLinks: progress('submissionLinks'),
      reviewEndsAt: maybeAt(progress('reviewEndsAt')),
      reviewExtendedDays: progress('reviewExtendedDays'),
      reviewReminderAt: maybeAt(progress('reviewReminderAt')),
    }
  })
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
