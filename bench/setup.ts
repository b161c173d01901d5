// `npm run bench`, part 1: a fresh database with the demo accounts, the contracts every
// measurement drives (each system and each load its own, so no run sees another's rows), and the
// app's own SQL statements per request, recorded in-process with watchQueries and written to the
// JSON file the framework-floor routes and the machine-limit server replay.
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Cents } from '@/domain/money'
import type { PlanEntry } from '@/domain/types'
import { recordStatements } from '@/server/bench-record'
import { assertLockedTransaction, type BenchStatements, type ReplayTemplate } from '@/server/bench-replay'
import type { ContractView } from '@/server/contracts/contract-view'
import { createContract } from '@/server/contracts/create-contract'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { getContract } from '@/server/contracts/get-contract'
import { releasePayment } from '@/server/contracts/release-payment'
import { savePlan } from '@/server/contracts/save-plan'
import { getDb } from '@/server/db/client'
import { migrate } from '@/server/db/migrate'
import { appEnv, CONNECTIONS, PORT } from './app'
import { deal, type CycleContract } from './cycle'

export type BenchConfig = {
  quick: boolean
  /** Seconds per closed-loop and per open-loop measurement. */
  seconds: number
  /** Requests of each closed-loop warm-up; seconds of each open-loop warm-up. */
  warmup: number
  openWarmupSeconds: number
  renders: { warmup: number; measured: number }
  saves: { warmup: number; measured: number }
}

/** Offered loads of the open-loop measurements (req/s). */
export const OPEN_READ_RATE = 100
export const OPEN_WRITE_RATE = 30
/**
 * The lanes the open-loop writes spread over: a lane's next request leaves 2 s after its last, so
 * a release reaches the server after the fund it follows even when answers are slow (sent sooner,
 * it could take the row lock first and be refused, and every later request of its lane with it).
 */
export const OPEN_WRITE_LANES = OPEN_WRITE_RATE * 2
/** Throughput of the app's cycle its milestones suffice for; beyond, lanes run out (and the report says so). */
const APP_CYCLE_CEILING = 400
/** Contract.planVersion of the contract the write templates are recorded on: a number nothing else has. */
const VERSION_MARKER = 1_000_000

export type Setup = Awaited<ReturnType<typeof prepare>>

export async function prepare(databaseUrl: string, config: BenchConfig, log: (what: string) => void) {
  const env = appEnv(databaseUrl, PORT)
  Object.assign(process.env, env, { NODE_ENV: 'test' })
  await migrate({ connectionString: databaseUrl, migrationsDir: 'prisma/migrations' })
  execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'prisma/seed.ts'], { stdio: 'inherit', env })
  const db = getDb()
  const alice = { userId: (await db.user.findUniqueOrThrow({ where: { email: 'alice@example.com' } })).id }
  const create = async (count: number, size: number, prefix: string) => {
    const made: ContractView[] = []
    // A few at a time: fifty large creates at once would wait past the transaction timeout.
    const step = size > 100 ? 5 : 10
    for (let i = 0; i < count; i += step) {
      const batch = Array.from({ length: Math.min(step, count - i) }, (_, j) =>
        createContract({ actor: alice, title: `${prefix} ${i + j}`, expertEmail: 'bob@example.com', milestones: plan(size, prefix) }),
      )
      made.push(...(await Promise.all(batch)))
    }
    return made
  }

  log('migrated and seeded')
  const read = (await create(1, 10, 'Read'))[0]!
  const template = (await create(1, 10, 'Template'))[0]!
  const big = (await create(1, 500, 'Big'))[0]!
  // Requests per lane of the app's cycle: its warm-up share and the ceiling's; two per milestone.
  const perLane = Math.ceil((config.warmup / CONNECTIONS + (APP_CYCLE_CEILING / CONNECTIONS) * config.seconds) / 2 / 10)
  const openPerLane = Math.ceil((OPEN_WRITE_RATE * (config.seconds + config.openWarmupSeconds)) / OPEN_WRITE_LANES / 2 / 10)
  // The replays go round their lanes' milestones: a contract per closed-loop connection or open-loop lane.
  const replayLanes = Math.max(CONNECTIONS, OPEN_WRITE_LANES)
  const lanes = {
    app10: deal(await create(CONNECTIONS * perLane, 10, 'Cycle'), CONNECTIONS, perLane),
    app500: deal(await create(CONNECTIONS, 500, 'Long'), CONNECTIONS, 1),
    appOpen: deal(await create(OPEN_WRITE_LANES * openPerLane, 10, 'Open'), OPEN_WRITE_LANES, openPerLane),
    floor: deal(await create(replayLanes, 10, 'Floor'), replayLanes, 1),
    limit: deal(await create(replayLanes, 10, 'Limit'), replayLanes, 1),
  } satisfies Record<string, CycleContract[][]>

  log(`${Object.values(lanes).flat(2).length + 3} contracts made`)

  // The statements of each request, in-process (the same services the API routes call).
  const keepIds = (await db.user.findMany({ select: { id: true } })).map((u) => u.id)
  await db.$executeRaw`UPDATE "Contract" SET "planVersion" = ${VERSION_MARKER} WHERE "id" = ${template.id}`
  const m0 = template.milestones[0]!
  const fund = await recordStatements(() => fundMilestone({ actor: alice, contractId: template.id, milestoneId: m0.id, idempotencyKey: randomUUID() }))
  const release = await recordStatements(() =>
    releasePayment({ actor: alice, contractId: template.id, milestoneId: m0.id, amountCents: m0.amountCents, idempotencyKey: randomUUID() }),
  )
  const readSmall = await recordStatements(() => getContract({ actor: alice, contractId: read.id }))
  const statements: BenchStatements = {
    read: { statements: readSmall, contractId: read.id, milestoneId: null, keepIds, freshNumbers: [] },
    fund: { statements: fund, contractId: template.id, milestoneId: m0.id, keepIds, freshNumbers: [VERSION_MARKER + 1] },
    release: { statements: release, contractId: template.id, milestoneId: m0.id, keepIds, freshNumbers: [VERSION_MARKER + 1] },
  } satisfies Record<string, ReplayTemplate>
  assertLockedTransaction('fund', fund)
  assertLockedTransaction('release', release)
  const statementsFile = join(tmpdir(), `tranche-bench-${process.pid}-statements.json`)
  writeFileSync(statementsFile, JSON.stringify(statements))

  const counts = { readSmall: readSmall.length, fundSmall: fund.length, releaseSmall: release.length, ...(await largePlanCounts(alice, big.id, read.id)) }
  return { env, alice, read, big, lanes, statements, statementsFile, counts }
}

/** Statement counts per request on the 500-milestone contract (and the plan save on 10). */
async function largePlanCounts(alice: { userId: string }, bigId: string, smallId: string) {
  const readBig = await recordStatements(() => getContract({ actor: alice, contractId: bigId }))
  const m0 = (await getContract({ actor: alice, contractId: bigId })).milestones[0]!
  const fundBig = await recordStatements(() => fundMilestone({ actor: alice, contractId: bigId, milestoneId: m0.id, idempotencyKey: randomUUID() }))
  const releaseBig = await recordStatements(() => releasePayment({ actor: alice, contractId: bigId, milestoneId: m0.id, amountCents: m0.amountCents, idempotencyKey: randomUUID() }))
  const small = await getContract({ actor: alice, contractId: smallId })
  const saveSmall = await recordStatements(() => savePlan({ actor: alice, contractId: smallId, baseVersion: small.planVersion, milestones: reversedPlan(small) }))
  const large = await getContract({ actor: alice, contractId: bigId })
  const saveBig = await recordStatements(() => savePlan({ actor: alice, contractId: bigId, baseVersion: large.planVersion, milestones: reversedPlan(large) }))
  return { readBig: readBig.length, fundBig: fundBig.length, releaseBig: releaseBig.length, saveSmall: saveSmall.length, saveBig: saveBig.length }
}

/** Every upcoming milestone, in reverse order, each title edited: a plan save that moves and changes every row. */
export function reversedPlan(view: ContractView): PlanEntry[] {
  return view.milestones
    .filter((m) => m.state === 'UPCOMING')
    .reverse()
    .map((m) => ({ id: m.id, title: `${m.title}*`, amountCents: m.amountCents as Cents }))
}

function plan(n: number, prefix: string): PlanEntry[] {
  return Array.from({ length: n }, (_, i) => ({ title: `${prefix} ${i + 1}`, amountCents: (1_000 + i) as Cents, description: '', dueDate: null }))
}
