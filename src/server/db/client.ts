import 'server-only'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '@/generated/prisma/client'
import { getEnv } from '../env'

export type Db = PrismaClient

type PoolOptions = { poolSize: number; statementTimeoutMs: number; slowQueryMs: number }

export type QueryRecord = { query: string; params: string; durationMs: number }

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
  const adapter = new PrismaPg({
    connectionString,
    max: options.poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs,
  })
  const client = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: 5_000, timeout: 10_000 },
    log: [{ emit: 'event', level: 'query' }],
  })
  client.$on('query', (event) => {
    for (const listener of queryListeners) listener({ query: event.query, params: event.params, durationMs: event.duration })
    if (event.duration >= options.slowQueryMs) {
      console.warn(`[db] slow query ${event.duration}ms: ${event.query.slice(0, 300)}`)
    }
  })
  return client
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
