import 'server-only'
import type pg from 'pg'
import type { PrismaClient } from '@/generated/prisma/client'
import { getDb, poolOf, reportQuery } from './client'

/**
 * Runs one hand-written statement and returns its rows. The hot paths (the workspace read and
 * every contract command, from the row lock to the commit) run on it instead of Prisma's client:
 * their statements are fixed, and the client's runtime cost several times what they cost
 * (BENCHMARKS.md). Parameters are sent untyped, so PostgreSQL takes each one's type from where
 * it stands; `sqlValue` says how a value travels.
 */
export type Sql = <T = unknown>(text: string, params?: readonly unknown[], options?: SqlOptions) => Promise<T[]>

/**
 * `name` makes a statement a prepared one on each connection (parsed and planned once there, then
 * only bound and run): for the long, hot ones, whose planning costs PostgreSQL more than running them.
 */
export type SqlOptions = { name?: string }

/** Anything with Prisma's raw query method: a client, or a transaction client. */
type RawQueryable = { $queryRawUnsafe: <T>(query: string, ...values: unknown[]) => Promise<T> }

/**
 * How a value travels: a Date as an ISO string in UTC (the timestamp columns have no zone, and
 * PostgreSQL ignores the Z when it reads one into them; pg would send local time), an object or
 * array as JSON text for a jsonb column (pg would send an array as a PostgreSQL array).
 */
export function sqlValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  if (value !== null && typeof value === 'object') return JSON.stringify(value)
  return value
}

function timed(run: (query: pg.QueryConfig) => Promise<pg.QueryResult>, slowQueryMs: number): Sql {
  return async <T>(text: string, params: readonly unknown[] = [], options: SqlOptions = {}) => {
    const values = params.map(sqlValue)
    const started = performance.now()
    const result = await run({ text, values, name: options.name })
    reportQuery({ query: text, name: options.name, params: () => JSON.stringify(values), durationMs: Math.round(performance.now() - started) }, slowQueryMs)
    return result.rows as T[]
  }
}

/** Statements on `db`'s pool (the app's by default), outside any transaction. */
export function poolSql(db: PrismaClient = getDb()): Sql {
  const { pool, slowQueryMs } = poolOf(db)
  return timed((query) => pool.query(query), slowQueryMs)
}

/** Statements through Prisma (inside one of its transactions, or not), for code that is not hot. */
export function prismaSql(client: RawQueryable): Sql {
  return <T>(text: string, params: readonly unknown[] = []) => client.$queryRawUnsafe<T[]>(text, ...params.map(sqlValue))
}

/**
 * Runs `work` in one transaction on one connection of `db`'s pool (the app's by default): BEGIN,
 * work, COMMIT (ROLLBACK on any error).
 */
export async function sqlTransaction<T>(work: (sql: Sql) => Promise<T>, db: PrismaClient = getDb()): Promise<T> {
  const { pool, slowQueryMs } = poolOf(db)
  const client = await pool.connect()
  const sql = timed((query) => client.query(query), slowQueryMs)
  let broken = false
  // A connection lost while checked out emits 'error' on the client (the pool listens only to idle
  // ones): unheard, it would end the process. The statement in flight fails on its own.
  const onError = () => {
    broken = true
  }
  client.on('error', onError)
  try {
    await sql('BEGIN')
    const result = await work(sql)
    await sql('COMMIT')
    return result
  } catch (error) {
    await sql('ROLLBACK').catch(() => {
      broken = true
    })
    throw error
  } finally {
    // A connection that was lost or could not even roll back is not given to the next request.
    client.off('error', onError)
    client.release(broken)
  }
}

/**
 * INSERT of many rows in one statement: `rows` all have the keys of the first, which name the
 * columns. Values travel as `sqlValue` says.
 */
export async function insertRows(sql: Sql, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!)
  const params: unknown[] = []
  const tuples = rows.map((row) => `(${columns.map((column) => `$${params.push(row[column])}`).join(', ')})`)
  await sql(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params)
}
