// The machine's limit for comparison: the very SQL statements the app ran for a request, replayed
// by a bare `pg` pool inside a bare Node HTTP server, so each app figure is also a ratio to it.
// `GET /read` replays the workspace read; `POST /write {op, contractId, milestoneId}` a fund or a
// release on that target (src/server/bench-replay.ts, the same replay as the framework-floor routes).
import { createServer, type Server } from 'node:http'
import pg from 'pg'
import { createReplayer, parseWriteRequest, type BenchStatements } from '@/server/bench-replay'

export async function startBaselineServer(databaseUrl: string, statements: BenchStatements, poolSize: number): Promise<{ url: string; close: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize })
  const replayer = createReplayer(statements, pool)
  const server: Server = createServer(async (req, res) => {
    try {
      if (req.method === 'GET' && req.url === '/read') {
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await replayer.read()))
      }
      if (req.method === 'POST' && req.url === '/write') {
        const chunks: Buffer[] = []
        for await (const chunk of req) chunks.push(chunk as Buffer)
        const write = parseWriteRequest(JSON.parse(Buffer.concat(chunks).toString('utf8')))
        if (!write) return res.writeHead(422).end()
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await replayer.write(write)))
      }
      res.writeHead(404).end()
    } catch (error) {
      res.writeHead(500).end(String(error))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await pool.end()
    },
  }
}
