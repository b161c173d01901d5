import 'server-only'
import { getDb } from '../db/client'

export type ReconciliationProblem = { contractId: string; problem: string }

/**
 * R14, checked from the stored rows. The money that moved is summed from the LedgerEntry rows
 * themselves, and every stored figure must agree with those sums:
 * - each ledger total equals the contract's stored total (deposited, released, refunded);
 * - what the ledger holds (deposits − releases − refunds) is never negative;
 * - deposits = releases + refunds + held, where held is what the contract says it keeps: its
 *   balance plus what the milestone in progress was funded with (nothing once closed);
 * - no milestone released more than it was funded with, by its own figure or by the ledger,
 *   and its released figure equals the ledger's releases for it.
 * Every broken check is its own row, so one problem cannot hide another. Returns nothing when
 * everything balances.
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
    ), books AS (
      SELECT c.id, c.status, c."depositedCents", c."releasedCents", c."refundedCents",
        COALESCE(l.deposited, 0) AS deposited, COALESCE(l.released, 0) AS released, COALESCE(l.refunded, 0) AS refunded,
        c."balanceCents" + COALESCE(p.funded, 0) AS held
      FROM "Contract" c
      LEFT JOIN ledger l ON l."contractId" = c.id
      LEFT JOIN in_progress p ON p."contractId" = c.id
      WHERE ${ids}::text[] IS NULL OR c.id = ANY(${ids}::text[])
    )
    SELECT b.id AS "contractId", check_.problem
    FROM books b, LATERAL (VALUES
      (b.deposited <> b."depositedCents", 'ledger deposits differ from the contract total'),
      (b.released <> b."releasedCents", 'ledger releases differ from the contract total'),
      (b.refunded <> b."refundedCents", 'ledger refunds differ from the contract total'),
      (b.deposited - b.released - b.refunded < 0, 'the ledger holds a negative amount'),
      (b.deposited <> b.released + b.refunded + b.held, 'ledger deposits differ from ledger releases + refunds + held (balance plus the milestone in progress)'),
      (b.status = 'CLOSED' AND b.held <> 0, 'a closed contract still holds money')
    ) AS check_(failed, problem)
    WHERE check_.failed
    UNION ALL
    SELECT m."contractId", 'milestone ' || m.id || ' ' || check_.problem
    FROM "Milestone" m
    LEFT JOIN paid ON paid."milestoneId" = m.id,
    LATERAL (VALUES
      (m."releasedCents" > m."fundedCents", 'released more than it was funded with'),
      (COALESCE(paid.released, 0) > m."fundedCents", 'is paid more by the ledger than it was funded with'),
      (m."releasedCents" <> COALESCE(paid.released, 0), 'shows another released amount than the ledger')
    ) AS check_(failed, problem)
    WHERE check_.failed AND (${ids}::text[] IS NULL OR m."contractId" = ANY(${ids}::text[]))`
}
