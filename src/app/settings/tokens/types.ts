/** A token as GET /api/tokens lists it. */
export type TokenItem = { id: string; name: string; scope: 'read' | 'write'; expiresAt: string; createdAt: string; lastUsedAt: string | null }

/** The answer of POST /api/tokens: the only time the token itself is seen. */
export type CreatedToken = Omit<TokenItem, 'lastUsedAt'> & { token: string }
