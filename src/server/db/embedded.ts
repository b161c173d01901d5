import 'server-only'
import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

/**
 * The embedded default database: PostgreSQL compiled to WebAssembly (PGlite), served on a loopback
 * port over the PostgreSQL wire protocol so `pg` and Prisma connect to it as to any server.
 * PGlite runs one query at a time: fine for one user and for functional tests, not for load.
 */
export type EmbeddedPostgres = { url: string; stop: () => Promise<void> }

/**
 * PGLiteSocketServer accepts one connection by default; with one, the pool's reconnect after a
 * failed statement is refused. Ten covers a pool of five plus scripts and migrations.
 */
const MAX_CONNECTIONS = 10

/** Starts PGlite on 127.0.0.1:`port` (0 picks a free port), keeping data in `dataDir` (or memory). */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number }): Promise<EmbeddedPostgres> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true })
  const db = await PGlite.create(options.dataDir)
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: MAX_CONNECTIONS })
  await server.start()
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`
  return {
    url,
    stop: async () => {
      await server.stop()
      await db.close()
    },
  }
}
