import { assertSameSiteJsonRequest } from '@/server/auth/same-site'
import { requireActor, signOutEverywhere } from '@/server/auth/session'
import { getEnv } from '@/server/env'
import { toErrorResponse } from '@/server/http'

/**
 * POST /api/auth/sign-out-everywhere: ends every session of the signed-in user, on every device,
 * and revokes their API tokens (R22): answers `{signedOut: true, tokensRevoked}`.
 */
export async function POST(request: Request) {
  try {
    assertSameSiteJsonRequest(request, getEnv().APP_URL)
    const actor = await requireActor()
    const { tokensRevoked } = await signOutEverywhere(actor.userId)
    return Response.json({ signedOut: true, tokensRevoked })
  } catch (error) {
    return toErrorResponse(error)
  }
}
