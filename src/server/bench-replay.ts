import 'server-only'
import { randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { getEnv } from './env'

/**
 * The benchmark's replay of the app's own SQL (`npm run bench`, bench/README in BENCHMARKS.md):
 * the statements a request ran, recorded in-process with watchQueries, replayed by a bare `pg`
 * client. Used by the framework-floor routes (/api/bench/contracts/…, BENCH_ROUTES=1) and by the bare Node
 * server that measures the machine's limit (bench/baseline.ts), so both run exactly the same SQL.
 */

/** One statement as the app ran it; `name`: as a prepared statement of that name, as the app does. */
export type Statement = { text: string; values: unknown[]; name?: string }

/**
 * A request's statements as a template: the contract and milestone it acted on (replaced by the
 * target's), the ids that stay (users), and numbers that must be new on every replay (the plan
 * version a fund writes is a primary key with the contract id). Every other UUID or cuid parameter
 * is an id the request made (ledger, activity, job, idempotency rows) and gets a fresh one.
 */
export type ReplayTemplate = { statements: Statement[]; contractId: string; milestoneId: string | null; keepIds: string[]; freshNumbers: number[] }

export type WriteOp = 'fund' | 'release'
export type BenchStatements = { read: ReplayTemplate } & Record<WriteOp, ReplayTemplate>
export type WriteRequest = { op: WriteOp; contractId: string; milestoneId: string }

const BEGIN = /^\s*(BEGIN|START\s+TRANSACTION)\b/i
const END = /^\s*(COMMIT|ROLLBACK)\b/i
const ROW_LOCK = /\bFOR\s+(NO\s+KEY\s+)?UPDATE\b/i
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const CUID = /^c[0-9a-z]{24}$/

/**
 * The statements with their transaction made explicit. Prisma reports the COMMIT of an interactive
 * transaction but not its BEGIN; its transaction opens with the row lock, so BEGIN goes right
 * before the first FOR UPDATE (or first, when there is none). A recorded BEGIN is kept as it is.
 */
export function withTransactionControl(statements: Statement[]): Statement[] {
  const commit = statements.findIndex((s) => END.test(s.text))
  if (commit < 0) return statements
  const begin = statements.findIndex((s) => BEGIN.test(s.text))
  if (begin >= 0 && begin < commit) return statements
  const lock = statements.findIndex((s, i) => i < commit && ROW_LOCK.test(s.text))
  const at = Math.max(lock, 0)
  return [...statements.slice(0, at), { text: 'BEGIN', values: [] }, ...statements.slice(at)]
}

/** Throws unless the statements take a row lock inside one BEGIN … COMMIT, as every command does. */
export function assertLockedTransaction(name: string, statements: Statement[]): void {
  const begin = statements.findIndex((s) => BEGIN.test(s.text))
  const lock = statements.findIndex((s) => ROW_LOCK.test(s.text))
  const commit = statements.findIndex((s) => /^\s*COMMIT\b/i.test(s.text))
  if (begin < 0 || lock < begin || commit < lock) {
    const seen = statements.map((s) => s.text.trim().split(/\s+/).slice(0, 3).join(' ')).join(' | ')
    throw new Error(`${name}: no row lock inside BEGIN … COMMIT among the recorded statements (${seen}); SQL that bypasses Prisma must be reported to watchQueries`)
  }
}

/**
 * The template's statements for one request on `target`: its contract and milestone instead of the
 * recorded ones (also inside JSON and text parameters), kept ids kept, fresh ids and numbers for
 * the rest. One recorded value gets one new value throughout the request, so rows still agree.
 */
export function instantiate(template: ReplayTemplate, target: { contractId: string; milestoneId?: string | null }, nextNumber: () => number): Statement[] {
  const keep = new Set(template.keepIds)
  const made = new Map<string, unknown>()
  const once = (key: string, make: () => unknown) => {
    if (!made.has(key)) made.set(key, make())
    return made.get(key)
  }
  const known: [string, string][] = [[template.contractId, target.contractId]]
  if (template.milestoneId && target.milestoneId) known.push([template.milestoneId, target.milestoneId])
  const swap = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(swap)
    const numeric = typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))
    if (numeric && template.freshNumbers.includes(Number(value))) {
      const fresh = once(`#${Number(value)}`, nextNumber) as number
      return typeof value === 'number' ? fresh : String(fresh)
    }
    if (typeof value !== 'string') return value
    for (const [recorded, replacement] of known) if (value === recorded) return replacement
    if (keep.has(value)) return value
    if (UUID.test(value)) return once(value, randomUUID)
    if (CUID.test(value)) return once(value, newCuidLike)
    let text = value
    for (const [recorded, replacement] of known) if (text.includes(recorded)) text = text.replaceAll(recorded, replacement)
    return text
  }
  return template.statements.map((s) => ({ ...s, values: s.values.map(swap) }))
}

/** 'c' and 24 base-36 characters: the shape of the ids Prisma's cuid() makes. */
function newCuidLike(): string {
  return `c${[...randomBytes(24)].map((b) => (b % 36).toString(36)).join('')}`
}

/** Runs `statements` on `client` in order; a failure inside BEGIN rolls back. Answers each one's rows. */
export async function replay(client: pg.ClientBase, statements: Statement[]): Promise<unknown[][]> {
  const results: unknown[][] = []
  let open = false
  try {
    for (const statement of statements) {
      results.push((await client.query({ text: statement.text, values: statement.values, name: statement.name })).rows)
      if (BEGIN.test(statement.text)) open = true
      else if (END.test(statement.text)) open = false
    }
    return results
  } catch (error) {
    if (open) await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}

/** The body of a write replay, checked; null when it is not one. */
export function parseWriteRequest(body: unknown): WriteRequest | null {
  const b = body as Partial<WriteRequest> | null
  const ok = b && (b.op === 'fund' || b.op === 'release') && typeof b.contractId === 'string' && typeof b.milestoneId === 'string'
  return ok ? { op: b.op!, contractId: b.contractId!, milestoneId: b.milestoneId! } : null
}

export type Replayer = { read: () => Promise<unknown[][]>; write: (request: WriteRequest) => Promise<unknown[][]> }

/** Replays of `templates` on `pool`: the read as recorded, a write on its request's target. */
export function createReplayer(templates: BenchStatements, pool: pg.Pool): Replayer {
  const all = [templates.read, templates.fund, templates.release]
  let number = Math.max(0, ...all.flatMap((t) => t.freshNumbers))
  const nextNumber = () => ++number
  const run = async (statements: Statement[]) => {
    const client = await pool.connect()
    try {
      return await replay(client, statements)
    } finally {
      client.release()
    }
  }
  return {
    read: () => run(templates.read.statements),
    write: (request) => run(instantiate(templates[request.op], request, nextNumber)),
  }
}

const globalForBench = globalThis as unknown as { trancheBenchReplayer?: Replayer }

/**
 * The framework-floor routes' replayer: null unless BENCH_ROUTES=1. Its own pool (DB_POOL_SIZE
 * connections to DATABASE_URL) and the statements of BENCH_STATEMENTS_FILE, read on first use.
 */
export function benchReplayer(): Replayer | null {
  const env = getEnv()
  if (!env.BENCH_ROUTES) return null
  if (!globalForBench.trancheBenchReplayer) {
    if (!env.BENCH_STATEMENTS_FILE) throw new Error('BENCH_ROUTES=1 needs BENCH_STATEMENTS_FILE')
    const templates = JSON.parse(readFileSync(env.BENCH_STATEMENTS_FILE, 'utf8')) as BenchStatements
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DB_POOL_SIZE })
    globalForBench.trancheBenchReplayer = createReplayer(templates, pool)
  }
  return globalForBench.trancheBenchReplayer
}
