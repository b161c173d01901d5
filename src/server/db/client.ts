import 'server-only'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '@/generated/prisma/client'
import { getEnv } from '../env'

export type Db = PrismaClient

type PoolOptions = { poolSize: number; statementTimeoutMs: number; slowQueryMs: number }

/** One statement as it ran; `name` when it ran as a prepared statement of that name. */
export type QueryRecord = { query: string; params: string; durationMs: number; name?: string }

/** Listeners that see every statement (the benchmark counts statements per request with it). */
const queryListeners = new Set<(record: QueryRecord) => void>()

/** Calls `listener` for every statement any client runs, until the returned function is called. */
export function watchQueries(listener: (record: QueryRecord) => void): () => void {
  queryListeners.add(listener)
  return () => queryListeners.delete(listener)
}

/**
 * A Prisma client over the pg driver with explicit limits, so no request waits forever: a bounded
 * pool, a connect timeout, a statement timeout, and transaction wait/run timeouts.
 */
export function createPrismaClient(connectionString: string, options: PoolOptions): PrismaClient {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs,
  })
  // Prisma and the hand-written hot paths (db/sql.ts) share this one pool and its limits.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true })
  const client = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: 5_000, timeout: 10_000 },
    log: [{ emit: 'event', level: 'query' }],
  })
  client.$on('query', (event) => reportQuery({ query: event.query, params: event.params, durationMs: event.duration }, options.slowQueryMs))
  Object.defineProperty(client, POOL, { value: { pool, slowQueryMs: options.slowQueryMs } })
  return client
}

/**
 * Tells the listeners about a statement, and logs it when it was slow. The parameters come as a
 * function: turned into JSON only when someone listens (a command's can hold a whole contract).
 */
export function reportQuery(record: Omit<QueryRecord, 'params'> & { params: string | (() => string) }, slowQueryMs: number): void {
  if (queryListeners.size > 0) {
    const full = { ...record, params: typeof record.params === 'string' ? record.params : record.params() }
    for (const listener of queryListeners) listener(full)
  }
  if (record.durationMs >= slowQueryMs) console.warn(`[db] slow query ${record.durationMs}ms: ${record.query.slice(0, 300)}`)
}

/**
 * Where a client keeps its pool: a registered symbol on the client itself, because Next.js bundles
 * this module into several chunks and each copy would have its own WeakMap of the one global client.
 */
const POOL = Symbol.for('tranche.db.pool')

/** The pg pool under a client made by createPrismaClient (the hand-written statements run on it). */
export function poolOf(client: PrismaClient): { pool: pg.Pool; slowQueryMs: number } {
  const found = (client as unknown as Record<symbol, { pool: pg.Pool; slowQueryMs: number } | undefined>)[POOL]
  if (!found) throw new Error('this Prisma client was not made by createPrismaClient')
  return found
}

const globalForDb = globalThis as unknown as { trancheDb?: PrismaClient }

/** The app's one Prisma client (kept across hot reloads in development). */
export function getDb(): PrismaClient {
  if (!globalForDb.trancheDb) {
    const env = getEnv()
    globalForDb.trancheDb = createPrismaClient(env.DATABASE_URL, {
      poolSize: env.DB_POOL_SIZE,
      statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
      slowQueryMs: env.DB_SLOW_QUERY_MS,
    })
  }
  return globalForDb.trancheDb
}
