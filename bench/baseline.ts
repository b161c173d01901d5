// The physical limit for comparison: the very SQL statements the app ran for a request, replayed
// by a bare `pg` pool inside a bare Node HTTP server, so each app figure is also a ratio to it.
import { createServer, type Server } from 'node:http'
import pg from 'pg'
import type { QueryRecord } from '@/server/db/client'

export async function startBaselineServer(databaseUrl: string, statements: QueryRecord[], poolSize: number): Promise<{ url: string; close: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize })
  const replay = statements.map((s) => ({ text: s.query, values: JSON.parse(s.params || '[]') as unknown[] }))
  const server: Server = createServer(async (_req, res) => {
    const client = await pool.connect()
    try {
      const rows: unknown[] = []
      for (const statement of replay) rows.push((await client.query(statement.text, statement.values)).rows)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows))
    } catch (error) {
      res.writeHead(500).end(String(error))
    } finally {
      client.release()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve))
      await pool.end()
    },
  }
}
