import 'server-only'
import { getDb } from '../db/client'

export type ReconciliationProblem = { contractId: string; problem: string }

/**
 * R14, checked from the stored rows: for every contract the ledger sums equal the contract's
 * totals, deposits = released + refunded + held with held ≥ 0, what is held equals the balance plus
 * the milestone in progress (nothing once closed), and no milestone paid out more than it was
 * funded with or more than the ledger says. Returns nothing when everything balances.
 */
export async function findReconciliationProblems(contractIds?: string[]): Promise<ReconciliationProblem[]> {
  const ids = contractIds ?? null
  return getDb().$queryRaw<ReconciliationProblem[]>`
    WITH ledger AS (
      SELECT "contractId",
        COALESCE(SUM("amountCents") FILTER (WHERE kind = 'DEPOSIT'), 0) AS deposited,
        COALESCE(SUM("amountCents") FILTER (WHERE kind = 'RELEASE'), 0) AS released,
        COALESCE(SUM("amountCents") FILTER (WHERE kind = 'REFUND'), 0) AS refunded
      FROM "LedgerEntry" GROUP BY "contractId"
    ), in_progress AS (
      SELECT "contractId", SUM("fundedCents") AS funded FROM "Milestone"
      WHERE state IN ('FUNDED', 'SUBMITTED') GROUP BY "contractId"
    ), paid AS (
      SELECT "milestoneId", SUM("amountCents") AS released FROM "LedgerEntry"
      WHERE kind = 'RELEASE' AND "milestoneId" IS NOT NULL GROUP BY "milestoneId"
    ), checks AS (
      SELECT c.id AS "contractId", CASE
        WHEN COALESCE(l.deposited, 0) <> c."depositedCents" THEN 'ledger deposits differ from the contract total'
        WHEN COALESCE(l.released, 0) <> c."releasedCents" THEN 'ledger releases differ from the contract total'
        WHEN COALESCE(l.refunded, 0) <> c."refundedCents" THEN 'ledger refunds differ from the contract total'
        WHEN c."depositedCents" - c."releasedCents" - c."refundedCents" < 0 THEN 'escrow holds a negative amount'
        WHEN c."depositedCents" - c."releasedCents" - c."refundedCents" <> c."balanceCents" + COALESCE(p.funded, 0)
          THEN 'held differs from balance plus the milestone in progress'
        WHEN c.status = 'CLOSED' AND c."depositedCents" - c."releasedCents" - c."refundedCents" <> 0 THEN 'a closed contract still holds money'
      END AS problem
      FROM "Contract" c
      LEFT JOIN ledger l ON l."contractId" = c.id
      LEFT JOIN in_progress p ON p."contractId" = c.id
      WHERE ${ids}::text[] IS NULL OR c.id = ANY(${ids}::text[])
      UNION ALL
      SELECT m."contractId", 'milestone ' || m.id || ' paid out more than it was funded with, or than the ledger shows'
      FROM "Milestone" m LEFT JOIN paid ON paid."milestoneId" = m.id
      WHERE (m."releasedCents" > m."fundedCents" OR m."releasedCents" <> COALESCE(paid.released, 0))
        AND (${ids}::text[] IS NULL OR m."contractId" = ANY(${ids}::text[]))
    )
    SELECT "contractId", problem FROM checks WHERE problem IS NOT NULL`
}
