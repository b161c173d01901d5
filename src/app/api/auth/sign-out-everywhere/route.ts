import { resolveCaller } from '@/server/auth/request-caller'
import { assertSameSiteJsonRequest } from '@/server/auth/same-site'
import { requireActor, signOutEverywhere } from '@/server/auth/session'
import { getEnv } from '@/server/env'
import { EdgeError } from '@/server/errors'
import { toErrorResponse } from '@/server/http'

/**
 * POST /api/auth/sign-out-everywhere: ends every session of the signed-in user, on every device,
 * and revokes their API tokens (R22): answers `{signedOut: true, tokensRevoked}`. Like the token
 * routes, it needs the person in the browser: a Bearer header decides alone (R22), and a token may
 * not end sessions or revoke tokens, so it is 403 TOKEN_SCOPE whatever cookie comes with it.
 */
export async function POST(request: Request) {
  try {
    if ((await resolveCaller(request))?.token) throw new EdgeError('TOKEN_SCOPE', 'API tokens cannot sign out sessions or revoke tokens. Sign in to Tranche and use Sign out everywhere.')
    assertSameSiteJsonRequest(request, getEnv().APP_URL)
    const actor = await requireActor()
    const { tokensRevoked } = await signOutEverywhere(actor.userId)
    return Response.json({ signedOut: true, tokensRevoked })
  } catch (error) {
    return toErrorResponse(error)
  }
}
