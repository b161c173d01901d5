import 'server-only'
import { lookup } from 'node:dns/promises'
import { classifyAddress, describeAddressKind, isAllowedAddress } from './address-policy'

/**
 * R23's SSRF guard for a whole URL, run when an endpoint is registered or changed and again before
 * every send: the scheme, and every address the host name resolves to. The send then connects to
 * the address checked here (see send.ts), so a DNS answer that changes in between (rebinding)
 * cannot point the request somewhere else.
 *
 * https only. With WEBHOOK_ALLOW_PRIVATE=1, plain http is allowed too, but only to loopback
 * addresses: a local receiver in tests and demos, never a signed payload in clear text across a
 * network.
 */

export type ResolvedAddress = { address: string; family: 4 | 6 }
/** Resolves a host name to all its addresses (the system resolver, or a test's). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>

/** How long a lookup may take before the URL counts as unresolvable. */
const LOOKUP_TIMEOUT_MS = 5_000

export const systemResolver: Resolver = async (hostname) => {
  const addresses = await lookup(hostname, { all: true, verbatim: true })
  return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }))
}

export type UrlCheck = { ok: true; url: URL; address: ResolvedAddress } | { ok: false; reason: string }

export type UrlPolicy = { allowPrivate: boolean; resolve?: Resolver }

/** Whether a webhook may go to `raw`, and the address to connect to if so. */
export async function checkWebhookUrl(raw: string, { allowPrivate, resolve = systemResolver }: UrlPolicy): Promise<UrlCheck> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: 'Enter a full URL, starting with https://.' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'The URL must start with https://.' }
  if (url.protocol === 'http:' && !allowPrivate) return { ok: false, reason: 'The URL must start with https://: deliveries are signed, but their contents are not secret over plain http.' }
  if (url.username || url.password) return { ok: false, reason: 'The URL must not carry a user name or password.' }

  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  let addresses: ResolvedAddress[]
  if (classifyAddress(host) !== 'invalid') {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }]
  } else {
    try {
      addresses = await withTimeout(resolve(host), LOOKUP_TIMEOUT_MS)
    } catch {
      addresses = []
    }
    if (addresses.length === 0) return { ok: false, reason: `The host name ${host} could not be resolved.` }
  }
  // Every address must pass: a name with one public and one private address would otherwise
  // reach the private one whenever the resolver puts it first.
  for (const { address } of addresses) {
    if (!isAllowedAddress(address, allowPrivate)) {
      return { ok: false, reason: `The URL points to ${describeAddressKind(classifyAddress(address))} (${address}); webhooks go to public addresses only.` }
    }
    if (url.protocol === 'http:' && classifyAddress(address) !== 'loopback') {
      return { ok: false, reason: 'The URL must start with https:// (plain http is allowed for loopback test receivers only).' }
    }
  }
  return { ok: true, url, address: addresses[0]! }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    )
  })
}
