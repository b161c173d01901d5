import 'server-only'
import { withTransactionControl, type Statement } from './bench-replay'
import { watchQueries, type QueryRecord } from './db/client'

/**
 * The SQL statements `work` runs in this process, as a replay runs them: with their parameters, and
 * with the BEGIN that Prisma does not report made explicit (withTransactionControl). `npm run bench`
 * records the app's requests with it; kept apart from bench-replay.ts so the routes that replay
 * never load the Prisma client.
 */
export async function recordStatements(work: () => Promise<unknown>): Promise<Statement[]> {
  const seen: QueryRecord[] = []
  const stop = watchQueries((q) => seen.push(q))
  try {
    await work()
  } finally {
    stop()
  }
  return withTransactionControl(seen.map((q) => ({ text: q.query, values: JSON.parse(q.params || '[]') as unknown[], ...(q.name ? { name: q.name } : {}) })))
}
