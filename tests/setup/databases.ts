import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { startEmbeddedPostgres } from '@/server/db/embedded'

/**
 * A fresh, empty database for a test run or a single test: a new database on the server named by
 * TEST_DATABASE_URL when it is set, otherwise a new in-memory PGlite served on a free loopback port.
 */
export type TestDatabase = { url: string; drop: () => Promise<void> }

export async function createEmptyDatabase(serverUrl = process.env.TEST_DATABASE_URL): Promise<TestDatabase> {
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({})
    return { url: embedded.url, drop: embedded.stop }
  }
  const name = `tranche_test_${Date.now()}_${randomBytes(4).toString('hex')}`
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  }
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
