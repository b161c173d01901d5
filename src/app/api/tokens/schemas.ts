import { z } from 'zod'
import { TOKEN_SCOPES } from '@/domain/api-tokens'
import { id } from '../contracts/schemas'
import { safeText } from '../safe-text'

/**
 * R22: what POST /api/tokens takes. The expiry's range (future, at most a year) is the domain's
 * rule, checked against the server's clock, not here: zod checks shape only.
 */
export const createTokenBody = z.strictObject({
  // 100 characters: a label in a list ("CI deploys", "Accounting export"), not a description.
  name: safeText({ label: 'Name' }).trim().min(1, 'Give the token a name.').max(100),
  expiresAt: z.iso.datetime({ offset: true }).describe('When the token stops working: an ISO 8601 instant, in the future and at most one year ahead'),
  scope: z.enum(TOKEN_SCOPES as ['read', 'write']).describe('read: GET only; write: everything the user may do'),
})
export type CreateTokenBody = z.infer<typeof createTokenBody>

export const tokenParams = z.strictObject({ tid: id })
