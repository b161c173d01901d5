import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres } from '@/server/db/embedded'

/** The PostgreSQL server a test run creates its databases on. */
export type TestServer = { url: string; stop: () => Promise<void> }

/**
 * TEST_DATABASE_URL's server when it is set; otherwise a throw-away embedded PostgreSQL server
 * (the real engine, on a free loopback port), so a bare machine runs every suite for real.
 */
export async function startTestServer(): Promise<TestServer> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, stop: async () => {} }
  const dataDir = join(await mkdtemp(join(tmpdir(), 'tranche-test-')), 'postgres')
  return startEmbeddedPostgres({ dataDir, ephemeral: true })
}

/** A fresh, empty database for a test run or a single test. */
export type TestDatabase = { url: string; drop: () => Promise<void> }

export async function createEmptyDatabase(serverUrl: string): Promise<TestDatabase> {
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
