import 'server-only'
import ipaddr from 'ipaddr.js'

/**
 * R23's SSRF guard, for one IP address: may Tranche's server send a webhook to it? Only public
 * unicast addresses, unless WEBHOOK_ALLOW_PRIVATE=1 also lets loopback, private and link-local
 * ones through (tests and local demos). Everything else (unspecified, broadcast, multicast,
 * documentation and other reserved ranges, NAT64/6to4/Teredo that can tunnel to an inner address)
 * is refused whatever the setting. IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) are judged as
 * the IPv4 address they carry. ipaddr.js does the parsing and range tables (IPv6 compression,
 * embedded IPv4, zone ids): a hand-written parser is where SSRF guards usually break.
 */

export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'reserved' | 'invalid'

const KIND_OF_RANGE: Record<string, AddressKind> = {
  unicast: 'public',
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private',
  carrierGradeNat: 'private',
  linkLocal: 'link-local',
}

/** What kind of address `address` is (an IPv4 or IPv6 literal, optionally with an IPv6 zone). */
export function classifyAddress(address: string): AddressKind {
  if (!ipaddr.isValid(address)) return 'invalid'
  let parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address()
  return KIND_OF_RANGE[parsed.range()] ?? 'reserved'
}

/** Whether a webhook may be sent to `address`; `allowPrivate` is WEBHOOK_ALLOW_PRIVATE. */
export function isAllowedAddress(address: string, allowPrivate: boolean): boolean {
  const kind = classifyAddress(address)
  if (kind === 'public') return true
  return allowPrivate && (kind === 'loopback' || kind === 'private' || kind === 'link-local')
}

const WORDS: Record<AddressKind, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private network address',
  'link-local': 'a link-local address',
  reserved: 'a reserved or special-purpose address',
  invalid: 'not an IP address',
}

/** "a loopback address", for refusals the user reads. */
export function describeAddressKind(kind: AddressKind): string {
  return WORDS[kind]
}
