import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Cents } from '@/domain/money'
import { closeContract } from '@/server/contracts/close-contract'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { findReconciliationProblems, type ReconciliationProblem } from '@/server/contracts/reconcile'
import { releasePayment } from '@/server/contracts/release-payment'
import { getDb } from '@/server/db/client'
import { migrate } from '@/server/db/migrate'
import { createContractScenario, entry } from '../factories'
import { createEmptyDatabase, type TestDatabase } from '../setup/databases'

/**
 * R14's reconciliation query must be able to fail. Each test builds contracts through the real
 * services in a scratch database, corrupts one thing the query guards, and expects exactly the
 * problems that corruption causes, for that contract only. The scratch database has the CHECK
 * constraints and the append-only trigger out of the way: they would refuse the corruptions, and
 * the query is the second line of defence for when they are bypassed. The run's shared database
 * is never touched, so other suites' "no problems at all" checks stay meaningful.
 */

let scratch: TestDatabase

async function sql(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: scratch.url })
  await client.connect()
  try {
    return await client.query(text, values)
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  scratch = await createEmptyDatabase(inject('serverUrl'))
  await migrate({ connectionString: scratch.url, migrationsDir: 'prisma/migrations' })
  await sql(`
    ALTER TABLE "Milestone" DROP CONSTRAINT "Milestone_funding_consistent";
    ALTER TABLE "Contract" DROP CONSTRAINT "Contract_escrow_consistent";
    ALTER TABLE "LedgerEntry" DISABLE TRIGGER "LedgerEntry_append_only";`)
  // Read by getDb() on first use: the services and the query below work on the scratch database.
  process.env.DATABASE_URL = scratch.url
})

afterAll(async () => {
  await getDb().$disconnect()
  await scratch.drop()
})

/**
 * A contract whose books are busy but balance: A funded with 100.00 and released 60.00 (40.00 to
 * the balance), B (70.00) funded from that balance plus a 30.00 deposit and in progress, C upcoming.
 * Ledger: DEPOSIT 10,000 (A), RELEASE 6,000 (A), DEPOSIT 3,000 (B); held 7,000, balance 0.
 */
async function busyBooks() {
  const { client, contract } = await createContractScenario([entry({ title: 'A' }), entry({ title: 'B', amountCents: 7_000 as Cents }), entry({ title: 'C', amountCents: 5_000 as Cents })])
  const [a, b] = contract.milestones
  await fundMilestone({ actor: client, contractId: contract.id, milestoneId: a!.id })
  await releasePayment({ actor: client, contractId: contract.id, milestoneId: a!.id, amountCents: 6_000 })
  await fundMilestone({ actor: client, contractId: contract.id, milestoneId: b!.id })
  return { id: contract.id, a: a!.id, b: b!.id }
}

const sorted = (problems: ReconciliationProblem[]) => [...problems].sort((x, y) => `${x.contractId} ${x.problem}`.localeCompare(`${y.contractId} ${y.problem}`))

/** Corrupts a fresh busy contract and expects exactly `problems` for it, and nothing for a clean sibling. */
async function expectProblems(corrupt: (books: Awaited<ReturnType<typeof busyBooks>>) => Promise<unknown>, problems: (books: Awaited<ReturnType<typeof busyBooks>>) => string[]) {
  const [books, clean] = [await busyBooks(), await busyBooks()]
  expect(await findReconciliationProblems([books.id, clean.id])).toEqual([])
  await corrupt(books)
  const found = await findReconciliationProblems([books.id, clean.id])
  expect(sorted(found)).toEqual(sorted(problems(books).map((problem) => ({ contractId: books.id, problem }))))
}

const DEPOSITS_DIFFER = 'ledger deposits differ from the contract total'
const RELEASES_DIFFER = 'ledger releases differ from the contract total'
const REFUNDS_DIFFER = 'ledger refunds differ from the contract total'
const NEGATIVE = 'the ledger holds a negative amount'
const UNBALANCED = 'ledger deposits differ from ledger releases + refunds + held (balance plus the milestone in progress)'
const CLOSED_HOLDS = 'a closed contract still holds money'
const overpaid = (id: string) => `milestone ${id} released more than it was funded with`
const overpaidByLedger = (id: string) => `milestone ${id} is paid more by the ledger than it was funded with`
const releasedDiffers = (id: string) => `milestone ${id} shows another released amount than the ledger`

const addLedger = (contractId: string, kind: string, amountCents: number, milestoneId: string | null = null) =>
  sql(`INSERT INTO "LedgerEntry" ("id", "contractId", "milestoneId", "kind", "amountCents") VALUES (gen_random_uuid()::text, $1, $2, $3, $4)`, [contractId, milestoneId, kind, amountCents])
const setContract = (id: string, assignments: string) => sql(`UPDATE "Contract" SET ${assignments} WHERE id = $1`, [id])

describe('reconciliation reports every corruption of the books (R14)', () => {
  it('finds nothing in books that balance, and really reads the scratch database', async () => {
    const books = await busyBooks()
    const { rows } = await sql(`SELECT kind, "amountCents"::int AS amount FROM "LedgerEntry" WHERE "contractId" = $1 ORDER BY "createdAt", id`, [books.id])
    expect(rows.map((r: { kind: string; amount: number }) => [r.kind, r.amount]).sort()).toEqual([['DEPOSIT', 10_000], ['DEPOSIT', 3_000], ['RELEASE', 6_000]].sort())
    expect(await findReconciliationProblems()).toEqual([])
  })

  it('a stray DEPOSIT row: the ledger no longer matches the total, and deposits ≠ released + refunded + held', async () => {
    await expectProblems((b) => addLedger(b.id, 'DEPOSIT', 500), () => [DEPOSITS_DIFFER, UNBALANCED])
  })

  it('a stray RELEASE row for a milestone: the totals, the balance and that milestone disagree with the ledger', async () => {
    await expectProblems((b) => addLedger(b.id, 'RELEASE', 100, b.a), (b) => [RELEASES_DIFFER, UNBALANCED, releasedDiffers(b.a)])
  })

  it('a ledger row whose amount was altered after the fact', async () => {
    await expectProblems(
      (b) => sql(`UPDATE "LedgerEntry" SET "amountCents" = 5000 WHERE "contractId" = $1 AND kind = 'RELEASE'`, [b.id]),
      (b) => [RELEASES_DIFFER, UNBALANCED, releasedDiffers(b.a)],
    )
  })

  it("a milestone's releasedCents that differs from the ledger's releases for it", async () => {
    await expectProblems((b) => sql(`UPDATE "Milestone" SET "releasedCents" = 5999 WHERE id = $1`, [b.a]), (b) => [releasedDiffers(b.a)])
  })

  it.each([
    ['depositedCents', [DEPOSITS_DIFFER]],
    ['releasedCents', [RELEASES_DIFFER]],
    ['refundedCents', [REFUNDS_DIFFER]],
    ['balanceCents', [UNBALANCED]],
  ])("the contract's stored %s", async (column, problems) => {
    await expectProblems((b) => setContract(b.id, `"${column}" = "${column}" + 1`), () => problems)
  })

  it("the contract's figures agree with each other but not with the ledger: held is checked from the ledger rows", async () => {
    // 5.00 more deposited and 5.00 more in the balance, with no ledger row for it.
    await expectProblems((b) => setContract(b.id, `"depositedCents" = "depositedCents" + 500, "balanceCents" = "balanceCents" + 500`), () => [DEPOSITS_DIFFER, UNBALANCED])
  })

  it('a negative held amount: more released than was ever deposited', async () => {
    await expectProblems(
      async (b) => {
        await addLedger(b.id, 'RELEASE', 8_000)
        await setContract(b.id, `"releasedCents" = "releasedCents" + 8000`)
      },
      () => [NEGATIVE, UNBALANCED],
    )
  })

  it('a milestone paying out more than it was funded with, in books that otherwise balance', async () => {
    await expectProblems(
      async (b) => {
        // A (funded 10,000) gets another 4,001 released; a matching deposit keeps the totals whole.
        await sql(`UPDATE "Milestone" SET "releasedCents" = 10001 WHERE id = $1`, [b.a])
        await addLedger(b.id, 'DEPOSIT', 4_001)
        await addLedger(b.id, 'RELEASE', 4_001, b.a)
        await setContract(b.id, `"depositedCents" = "depositedCents" + 4001, "releasedCents" = "releasedCents" + 4001`)
      },
      (b) => [overpaid(b.a), overpaidByLedger(b.a)],
    )
  })

  it('a closed contract that still claims a balance', async () => {
    const { client, contract } = await createContractScenario()
    await closeContract({ actor: client, contractId: contract.id })
    expect(await findReconciliationProblems([contract.id])).toEqual([])
    await setContract(contract.id, `"balanceCents" = 500`)
    expect(sorted(await findReconciliationProblems([contract.id]))).toEqual(sorted([UNBALANCED, CLOSED_HOLDS].map((problem) => ({ contractId: contract.id, problem }))))
  })
})
