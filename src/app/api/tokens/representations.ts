import { z } from 'zod'

/** R22: a token as GET /api/tokens lists it (never the token itself). */
export const tokenView = z.strictObject({
  id: z.string(),
  name: z.string(),
  scope: z.enum(['read', 'write']),
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable().describe('Recorded at most once a minute'),
})

export const tokenList = z.strictObject({ tokens: z.array(tokenView) })

/** The answer of POST /api/tokens: the only time `token` appears. */
export const createdToken = z.strictObject({
  id: z.string(),
  name: z.string(),
  scope: z.enum(['read', 'write']),
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  token: z.string().regex(/^tr_[A-Za-z0-9_-]{43}$/).describe('Shown once: Tranche keeps only its SHA-256'),
})
