import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getClientIp, installClientAddressStamp } from '@/server/client-address'

// The stamp on a real HTTP server in this process, as instrumentation installs it in the app's:
// whatever a client writes into X-Forwarded-For or into the stamp header itself, the address the
// app reads is the TCP peer (TRUSTED_PROXY_HOPS=0).

let server: http.Server
let base: string

beforeAll(async () => {
  installClientAddressStamp(0)
  server = http.createServer((request, response) => {
    const headers = new Headers()
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value)
    response.end(getClientIp(headers))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

describe('client address stamp', () => {
  it('is the TCP peer, not what the client wrote into X-Forwarded-For or X-Real-IP', async () => {
    const seen = await (await fetch(base, { headers: { 'x-forwarded-for': '203.0.113.9', 'x-real-ip': '203.0.113.10' } })).text()
    expect(seen).toBe('127.0.0.1')
  })

  it('cannot be forged by sending the stamp header', async () => {
    const seen = await (await fetch(base, { headers: { 'x-tranche-client-address': 'guess 203.0.113.9' } })).text()
    expect(seen).toBe('127.0.0.1')
  })

  it("is 'unknown' for a request that did not pass the stamp (no shared bucket can be picked)", () => {
    expect(getClientIp(new Headers({ 'x-tranche-client-address': 'guess 203.0.113.9', 'x-forwarded-for': '203.0.113.9' }))).toBe('unknown')
  })
})
