import { createToken } from '@/server/tokens/create-token'
import { listTokens } from '@/server/tokens/list-tokens'
import { route } from '../route-handler'
import { createTokenBody } from './schemas'

// R22. `tokens: false`: a token cannot list, make or revoke tokens (docs/decisions/010).
export const GET = route({ tokens: false }, ({ actor }) => listTokens({ actor }))

export const POST = route({ body: createTokenBody, status: 201, tokens: false }, ({ actor, body }) =>
  createToken({ actor, name: body.name, scope: body.scope, expiresAt: new Date(body.expiresAt) }),
)
