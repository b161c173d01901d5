import 'server-only'
import type { Contract } from '@/domain/types'
import type { Sql } from '../db/sql'
import { toContract, type ContractRow, type Party } from './mapping'

/** A JSON object of the listed columns of `alias`, for json_build_object. */
const columns = (alias: string, names: string[]) => names.map((name) => `'${name}', ${alias}."${name}"`).join(', ')

const MILESTONE = columns('m', [
  'id', 'title', 'description', 'amountCents', 'dueDate', 'state', 'fundedCents', 'releasedCents', 'fundedAt', 'submittedAt',
  'releasedAt', 'submissionMessage', 'submissionLinks', 'reviewEndsAt', 'reviewExtendedDays', 'reviewReminderAt',
])
const CHANGE_REQUEST = columns('r', ['id', 'authorRole', 'message', 'baseVersion', 'createdAt', 'milestones', 'rounds'])
const EXTENSION = columns('e', ['id', 'milestoneId', 'days', 'reason', 'requestedAt', 'expiresAt'])
const REVIEW = columns('v', ['authorRole', 'rating', 'timelinessRating', 'comment', 'createdAt'])
const OFFER = columns('o', ['id', 'authorRole', 'releaseCents', 'statement', 'createdAt'])
const DISPUTE = columns('d', [
  'id', 'status', 'milestoneId', 'openedByRole', 'openedAt', 'escalatedAt', 'settledAt', 'acceptedOfferId',
  'decidedById', 'decisionReleaseCents', 'decisionReason', 'decidedAt',
])
const CONTRACT = columns('c', [
  'id', 'title', 'status', 'clientId', 'expertId', 'planVersion', 'depositedCents', 'releasedCents', 'refundedCents',
  'balanceCents', 'closeRefundCents', 'closeProposedAt', 'reviewDays', 'requestDays', 'createdAt', 'closedAt',
])
const party = (column: string) => `(SELECT json_build_object('id', u."id", 'email', u."email", 'name', u."name") FROM "User" u WHERE u."id" = c."${column}")`
const list = (select: string) => `coalesce((${select}), '[]'::json)`

/**
 * The whole aggregate in one statement, as one JSON text (parsed once, here). Every child names
 * the contract ($1), so Citus routes the statement to the contract's one worker. The dispute is
 * the open one, else the last settled (open first by the enum's order, never by time alone: a
 * skewed clock must not hide an open dispute behind a settled one).
 */
const LOAD_CONTRACT = `SELECT json_build_object(${CONTRACT},
  'client', ${party('clientId')},
  'expert', ${party('expertId')},
  'milestones', ${list(`SELECT json_agg(json_build_object(${MILESTONE}) ORDER BY m."position") FROM "Milestone" m WHERE m."contractId" = $1`)},
  'changeRequests', ${list(`SELECT json_agg(json_build_object(${CHANGE_REQUEST})) FROM "ChangeRequest" r WHERE r."contractId" = $1 AND r."status" = 'PENDING'`)},
  'extensionRequests', ${list(`SELECT json_agg(json_build_object(${EXTENSION})) FROM "ExtensionRequest" e WHERE e."contractId" = $1 AND e."status" = 'PENDING'`)},
  'reviews', ${list(`SELECT json_agg(json_build_object(${REVIEW}) ORDER BY v."createdAt") FROM "Review" v WHERE v."contractId" = $1`)},
  'disputes', ${list(`SELECT json_agg(json_build_object(${DISPUTE}, 'offers', ${list(`SELECT json_agg(json_build_object(${OFFER}) ORDER BY o."position") FROM "DisputeOffer" o WHERE o."contractId" = $1 AND o."disputeId" = d."id"`)}))
    FROM (SELECT * FROM "Dispute" WHERE "contractId" = $1 ORDER BY "status", "openedAt" DESC, "id" LIMIT 1) d`)}
)::text AS "row" FROM "Contract" c WHERE c."id" = $1`

/** The keys whose values are instants (timestamp columns; also a change round's time). */
const INSTANTS = new Set([
  'createdAt', 'closedAt', 'closeProposedAt', 'fundedAt', 'submittedAt', 'releasedAt', 'reviewEndsAt', 'reviewReminderAt',
  'requestedAt', 'expiresAt', 'openedAt', 'escalatedAt', 'settledAt', 'decidedAt',
])

/** Timestamp columns have no zone and hold UTC; JSON kept inside a column (a round) already says Z. */
function revive(key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !INSTANTS.has(key)) return value
  return new Date(/(Z|[+-]\d\d:\d\d)$/.test(value) ? value : `${value}Z`)
}

export type LoadedContract = { contract: Contract; parties: { client: Party; expert: Party } }

/** The contract as the domain sees it, and its two parties; null when there is no such contract. */
export async function loadContract(sql: Sql, contractId: string): Promise<LoadedContract | null> {
  const rows = await sql<{ row: string }>(LOAD_CONTRACT, [contractId])
  if (rows.length === 0) return null
  const row = JSON.parse(rows[0]!.row, revive) as ContractRow
  return { contract: toContract(row), parties: { client: row.client, expert: row.expert } }
}
