import pg from 'pg'
import { expect, inject } from 'vitest'
import type { Actor, PlanEntry } from '@/domain/types'
import { getDb, watchQueries, type QueryRecord } from '@/server/db/client'
import { createWebhook } from '@/server/webhooks/endpoints'
import { createContractScenario } from '../factories'

// How many Citus workers a command reaches. The command runs for real while its statements are
// recorded; they are then replayed inside a rolled-back transaction with Citus logging every
// command it sends to a node, and the nodes named there, less the coordinator (queue tables such
// as Job and WebhookDelivery live on it by design), are the workers the command touched.

async function record<T>(work: () => Promise<T>): Promise<{ result: T; statements: QueryRecord[] }> {
  const statements: QueryRecord[] = []
  const stop = watchQueries((q) => statements.push(q))
  try {
    return { result: await work(), statements }
  } finally {
    stop()
  }
}

/** The table a statement writes (INSERT, UPDATE, DELETE), as Prisma and the hand-written SQL name it. */
function writtenTable(query: string): string | null {
  return /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:"public"\.)?"(\w+)"/i.exec(query)?.[1] ?? null
}

/** Each Citus table's type (distributed, reference) and the workers, from the coordinator's metadata. */
async function placements(client: pg.Client) {
  const tables = await client.query<{ name: string; type: string }>(`SELECT trim(both '"' from table_name::text) AS name, citus_table_type AS type FROM citus_tables`)
  const nodes = await client.query<{ node: string }>(`SELECT nodename || ':' || nodeport AS node FROM pg_dist_node WHERE groupid <> 0 AND isactive`)
  return { typeOf: new Map(tables.rows.map((t) => [t.name, t.type])), workers: nodes.rows.map((n) => n.node) }
}

/** The workers (host:port) the statements reach, replayed in one transaction that is rolled back. */
async function workersTouched(statements: QueryRecord[]): Promise<{ workers: Set<string>; routes: string[] }> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') })
  const workers = new Set<string>()
  let reached = new Set<string>()
  // Citus logs "issuing <command>" with the detail "on server <user>@<host>:<port> connectionId: N".
  client.on('notice', (notice) => {
    const target = /on server \S*@(\S+:\d+)/.exec(notice.detail ?? '')?.[1]
    // Savepoints go to every worker already in the transaction: they say nothing of the statement.
    if (target && /issuing/i.test(notice.message ?? '') && !/SAVEPOINT/i.test(notice.message ?? '')) reached.add(target)
  })
  const unreplayed: string[] = []
  const routes: string[] = []
  await client.connect()
  try {
    const { typeOf, workers: allWorkers } = await placements(client)
    await client.query('BEGIN')
    await client.query(`SET LOCAL citus.log_remote_commands = on`)
    await client.query(`SET LOCAL client_min_messages = log`)
    for (const s of statements) {
      if (/^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(s.query)) continue
      reached = new Set()
      // The savepoint keeps the transaction usable after a statement that fails.
      await client.query('SAVEPOINT s')
      const error = await client.query(s.query, JSON.parse(s.params || '[]') as unknown[]).then(
        () => null,
        (e: { code?: string; message?: string }) => e,
      )
      if (error) await client.query('ROLLBACK TO SAVEPOINT s')
      const table = writtenTable(s.query)
      const type = table ? typeOf.get(table) : undefined
      // A write to a reference table goes to every node, but its replay stops at the first one,
      // where the row the command inserted already exists: count every worker, as the command did.
      if (type === 'reference') for (const worker of allWorkers) reached.add(worker)
      // Rows the command inserted exist now, so its replayed INSERT fails: after Citus routed it
      // for a distributed table; at once, and harmlessly, for a table on the coordinator (plain,
      // or 'local' to Citus when it has a foreign key to a reference table, as WebhookDelivery).
      // Any other failure before routing would hide where the statement goes: say so.
      const insertedLocally = error?.code === '23505' && table !== null && (type === undefined || type === 'local')
      if (error && reached.size === 0 && !insertedLocally) unreplayed.push(`${error.code} ${error.message}: ${s.query.slice(0, 200)}`)
      for (const target of reached) workers.add(target)
      if (reached.size > 0) routes.push(`${[...reached].join(' ')} <- ${s.query.slice(0, 160)}`)
    }
  } finally {
    await client.query('ROLLBACK').catch(() => {})
    await client.end()
  }
  if (unreplayed.length > 0) throw new Error(`Statements the replay could not route:\n${unreplayed.join('\n')}`)
  workers.delete(`127.0.0.1:${new URL(inject('databaseUrl')).port}`)
  return { workers, routes }
}

/** Runs `work` for real and answers its result with the number of workers its statements reached. */
export async function onWorkers<T>(work: () => Promise<T>): Promise<{ result: T; workers: number; routes: string[] }> {
  const { result, statements } = await record(work)
  const { workers, routes } = await workersTouched(statements)
  return { result, workers: workers.size, routes }
}

/** The number of workers each named command reached, filled in by `run`. */
export function tally() {
  const touched: Record<string, number> = {}
  async function run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const { result, workers, routes } = await onWorkers(work)
    touched[name] = workers
    // Which statement went where, for the report when a command reaches more than one worker.
    if (workers > 1) console.log(`[citus] ${name} reached ${workers} workers:\n${routes.join('\n')}`)
    return result
  }
  return { touched, run }
}

/** R23: a webhook of `actor`'s, so their contracts' commands also write deliveries (a coordinator-local queue). */
export async function subscribe(actor: Actor): Promise<void> {
  await createWebhook({ actor, url: 'https://hooks.example.test/tranche' }, { resolve: async () => [{ address: '93.184.216.34', family: 4 }] })
}

/** createContractScenario, with both parties subscribed to webhooks. */
export async function subscribedScenario(milestones?: PlanEntry[]) {
  const scenario = await createContractScenario(milestones)
  await Promise.all([subscribe(scenario.client), subscribe(scenario.expert)])
  return scenario
}

/** The commands measured did write webhook deliveries (so their queue writes were part of the replay). */
export async function expectWebhookDeliveries(contractId: string): Promise<void> {
  expect(await getDb().webhookDelivery.count({ where: { contractId } })).toBeGreaterThan(0)
}
