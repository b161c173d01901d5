import { revokeToken } from '@/server/tokens/revoke-token'
import { route } from '../../route-handler'
import { tokenParams } from '../schemas'

/** R22: revokes the token at once; 204 with no body. */
export const DELETE = route({ params: tokenParams, tokens: false }, async ({ actor, params }) => {
  await revokeToken({ actor, tokenId: params.tid })
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } })
})
