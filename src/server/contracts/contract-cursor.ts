import 'server-only'

/** A page holds 50 contracts unless the caller asks for 1 to 100. */
export const CONTRACTS_PAGE_SIZE = 50
export const CONTRACTS_PAGE_SIZE_MAX = 100

/** Where a page ends: the last contract's place in the order (newest first, ties by id). */
export type ContractCursor = { createdAt: Date; id: string }

/** The opaque `nextCursor` clients send back as `?cursor=`. */
export function encodeContractCursor({ createdAt, id }: ContractCursor): string {
  return Buffer.from(`${createdAt.getTime()}.${id}`).toString('base64url')
}

/** The cursor in a `?cursor=`, or null when it is not one this API gave out. */
export function decodeContractCursor(cursor: string): ContractCursor | null {
  const match = /^(\d{1,15})\.([\w-]{1,100})$/.exec(Buffer.from(cursor, 'base64url').toString())
  return match ? { createdAt: new Date(Number(match[1])), id: match[2]! } : null
}
