import 'server-only'
import pg from 'pg'

/**
 * Where each table lives on a Citus cluster. Contract-owned tables (primary key starting with
 * "contractId") are distributed by contract, co-located with "Contract" (distributed by "id"), so
 * every command runs on one worker. People and their credentials are small and read by every
 * command: reference tables, copied to every node. Queues and per-instance bookkeeping stay local
 * to the coordinator: SKIP LOCKED polling across shards fails on a distributed table and
 * serializes on a reference table. A table missing here stops the script: new tables must choose.
 */
// Webhook endpoints (R23) are read by every command that writes activity (are there subscribers
// among the members?) and written rarely: a reference table, so that read stays on the command's
// worker. Their deliveries and attempts are queue rows polled across contracts: local (decision 013).
const REFERENCE = ['User', 'Account', 'VerificationToken', 'WebhookEndpoint']
// API tokens (R22) are per person, looked up by hash in a query of their own (never joined with a
// contract's rows) and written on every use at most once a minute: local, like revoked sessions, so
// that write touches the coordinator only (a reference table would make it a two-phase commit
// across every node).
const LOCAL = ['_prisma_migrations', 'RateLimit', 'RevokedSession', 'Job', 'AppClock', 'ApiToken', 'WebhookDelivery', 'WebhookAttempt']

export type Distribution = { citus: boolean; distributed: string[]; reference: string[]; local: string[] }

/**
 * `npm run db:distribute`: on a Citus coordinator, makes the reference and distributed tables and
 * then restores the foreign keys (Citus adds them between distributed tables only after
 * distribution). Idempotent. On plain PostgreSQL it does nothing and says so.
 */
export async function distribute(connectionString: string): Promise<Distribution> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    const citus = (await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`)).rowCount === 1
    const tables = (await client.query<{ name: string; key: string }>(`
      SELECT c.relname AS name, coalesce((
        SELECT a.attname FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        WHERE k.conrelid = c.oid AND k.contype = 'p'), '') AS key
      FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
        AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)
      ORDER BY c.relname`)).rows
    const distributed = tables.filter((t) => t.name === 'Contract' || t.key === 'contractId').map((t) => t.name)
    const unknown = tables.map((t) => t.name).filter((name) => !distributed.includes(name) && !REFERENCE.includes(name) && !LOCAL.includes(name))
    if (unknown.length > 0) throw new Error(`No Citus placement chosen for: ${unknown.join(', ')} (src/server/db/distribute.ts)`)
    const result = { citus, distributed, reference: REFERENCE, local: LOCAL }
    if (!citus) return result

    const done = new Set((await client.query<{ name: string }>(`SELECT logicalrelid::regclass::text AS name FROM pg_dist_partition`)).rows.map((r) => r.name.replaceAll('"', '')))
    const pending = [...REFERENCE, ...distributed].filter((name) => !done.has(name))
    if (pending.length === 0) return result

    await client.query('BEGIN')
    // The ledger's append-only trigger moves to the shards with the table.
    await client.query('SET LOCAL citus.enable_unsafe_triggers = on')
    await client.query(`SET LOCAL citus.multi_shard_modify_mode = 'sequential'`)
    // Foreign keys between the tables being placed are dropped and restored afterwards.
    const foreignKeys = (await client.query<{ table: string; name: string; definition: string }>(`
      SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition
      FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace
        AND (conrelid::regclass::text = ANY($1) OR confrelid::regclass::text = ANY($1))`, [pending.map((n) => `"${n}"`)])).rows
    for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT "${fk.name}"`)
    for (const name of REFERENCE.filter((n) => !done.has(n))) await client.query(`SELECT create_reference_table('"${name}"')`)
    if (!done.has('Contract')) await client.query(`SELECT create_distributed_table('"Contract"', 'id')`)
    for (const name of distributed.filter((n) => n !== 'Contract' && !done.has(n))) {
      await client.query(`SELECT create_distributed_table('"${name}"', 'contractId', colocate_with => '"Contract"')`)
    }
    for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT "${fk.name}" ${fk.definition}`)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    await client.end()
  }
}
