import 'server-only'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import http from 'node:http'

/**
 * The client's address, for per-address rate limits and security logs.
 *
 * Next.js gives route handlers no socket address: it writes the peer into X-Forwarded-For only when
 * the request has no such header, so a client that sends its own header picks the address we see.
 * So the server process stamps every request as it arrives, before Next.js reads it, with the
 * address worked out from the TCP peer and TRUSTED_PROXY_HOPS, under a per-process random tag a
 * client cannot forge. A request without a valid stamp counts as 'unknown' (one shared bucket).
 */

const STAMP_HEADER = 'x-tranche-client-address'
const REGISTRY = Symbol.for('tranche.clientAddressStamp')
type Registry = { tag: string; hops: number }
const globals = globalThis as { [REGISTRY]?: Registry }

/**
 * The address `hops` trusted proxies reported: each appends the address it received the request
 * from to X-Forwarded-For, so the last `hops` entries (with the TCP peer after them) are theirs and
 * the entry before them is the client. With 0 hops the header is ignored. A request with fewer
 * entries than hops did not pass every proxy; the farthest known entry is then the best answer.
 */
export function clientAddressOf({ forwardedFor, socketAddress, hops }: { forwardedFor: string | string[] | undefined; socketAddress: string | undefined; hops: number }): string {
  const peer = normalize(socketAddress) ?? 'unknown'
  if (hops === 0) return peer
  const listed = [forwardedFor ?? []].flat().join(',').split(',').map((entry) => normalize(entry)).filter((entry): entry is string => Boolean(entry))
  const chain = [...listed, peer]
  return chain[Math.max(0, chain.length - 1 - hops)]!
}

function normalize(address: string | undefined): string | null {
  const trimmed = address?.trim()
  if (!trimmed) return null
  // IPv4 clients of a dual-stack socket arrive as ::ffff:a.b.c.d; they are the same client.
  return trimmed.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '').slice(0, 64)
}

/**
 * Stamps every request this process's HTTP servers receive (Next's included; they already exist
 * when instrumentation runs, which is why this patches the prototype). Idempotent.
 */
export function installClientAddressStamp(hops: number): void {
  if (globals[REGISTRY]) return
  const tag = randomBytes(18).toString('base64url')
  globals[REGISTRY] = { tag, hops }
  const emit = http.Server.prototype.emit
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const request = args[0] as http.IncomingMessage
      const address = clientAddressOf({ forwardedFor: request.headers['x-forwarded-for'], socketAddress: request.socket?.remoteAddress, hops })
      request.headers[STAMP_HEADER] = `${tag} ${address}`
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>)
  } as typeof emit
}

/** The stamped client address of a request, or 'unknown' when it carries no valid stamp. */
export function getClientIp(headers: Headers): string {
  const registry = globals[REGISTRY]
  const [tag, address] = headers.get(STAMP_HEADER)?.split(' ') ?? []
  if (!registry || !tag || !address) return 'unknown'
  const expected = Buffer.from(registry.tag)
  const given = Buffer.from(tag)
  return given.length === expected.length && timingSafeEqual(given, expected) ? address : 'unknown'
}
