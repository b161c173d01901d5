import 'server-only'
import type { Prisma } from '@/generated/prisma/client'
import { getDb, poolOf, reportQuery } from './client'

/**
 * Runs one hand-written statement and returns its rows. The hot paths (the workspace read, the
 * aggregate load of every command) use it instead of Prisma's query builder: their statements
 * are fixed, and the builder's runtime cost more than the statements themselves (BENCHMARKS.md).
 */
export type Sql = <T>(text: string, params: readonly unknown[]) => Promise<T[]>

/** Statements on the app's pool, outside any transaction; the listeners of watchQueries see them. */
export function poolSql(): Sql {
  const { pool, slowQueryMs } = poolOf(getDb())
  return async <T>(text: string, params: readonly unknown[]) => {
    const started = performance.now()
    const result = await pool.query(text, params as unknown[])
    reportQuery({ query: text, params: JSON.stringify(params), durationMs: Math.round(performance.now() - started) }, slowQueryMs)
    return result.rows as T[]
  }
}

/** Statements inside a command's transaction (Prisma reports them to the listeners itself). */
export function txSql(tx: Prisma.TransactionClient): Sql {
  return <T>(text: string, params: readonly unknown[]) => tx.$queryRawUnsafe<T[]>(text, ...params)
}
