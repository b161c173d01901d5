import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifyWebhook, type VerifyResult } from '../../../docs/examples/verify-webhook'

/**
 * A real webhook receiver on loopback: records every request (headers and raw body) and answers
 * with the status the test sets. `stop()` closes the port, so a sender meets a refused connection
 * (a receiver that is down); `start()` opens the same port again.
 */
export type Received = { headers: IncomingHttpHeaders; body: string; path: string }

export async function startReceiver(options: { status?: number; responseBody?: string } = {}) {
  const received: Received[] = []
  const state = { status: options.status ?? 204, responseBody: options.responseBody ?? '', hang: false }
  let server: Server
  let port = 0
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((request, response) => {
        const chunks: Buffer[] = []
        request.on('data', (chunk: Buffer) => chunks.push(chunk))
        request.on('end', () => {
          received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), path: request.url ?? '' })
          if (state.hang) return
          response.writeHead(state.status, { 'content-type': 'text/plain' })
          response.end(state.responseBody)
        })
      })
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port
        resolve()
      })
    })
  await listen()
  return {
    received,
    state,
    get url() {
      return `http://127.0.0.1:${port}/hooks/tranche`
    },
    get port() {
      return port
    },
    /** Closes the port: the next attempts are refused connections. */
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
    /** Listens on the same port again. */
    start: listen,
    /** Each request checked with the documented verifier (docs/examples/verify-webhook.ts). */
    verify(secret: string, request: Received): VerifyResult {
      return verifyWebhook({ secret, headers: request.headers as Record<string, string>, body: request.body })
    },
  }
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>
