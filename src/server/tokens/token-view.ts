import 'server-only'
import type { TokenScope } from '@/domain/api-tokens'

/** A token as GET /api/tokens lists it: never the token itself, nor its hash. */
export type TokenView = { id: string; name: string; scope: TokenScope; expiresAt: string; createdAt: string; lastUsedAt: string | null }

export const tokenViewSelect = { id: true, name: true, scope: true, expiresAt: true, createdAt: true, lastUsedAt: true } as const

export function toTokenView(row: { id: string; name: string; scope: TokenScope; expiresAt: Date; createdAt: Date; lastUsedAt: Date | null }): TokenView {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }
}
