import { assertSameOrigin } from '@/server/auth/same-site'
import { advanceClock, readClock } from '@/server/clock'
import { getEnv } from '@/server/env'
import { errorResponse, toErrorResponse } from '@/server/http'
import { readJson } from '../../route-handler'
import { advanceClockBody } from './schema'

export const dynamic = 'force-dynamic'


const NO_STORE = { 'Cache-Control': 'no-store' }

/** Outside a demo the route does not exist (decision 009): the same 404 as any unknown API path. */
const notADemo = () => errorResponse('NOT_FOUND', 'No such API route.')

/** `GET /api/dev/clock` (DEMO_MODE=1 only): the application clock, `{now, offsetMs}`. */
export async function GET(): Promise<Response> {
  if (!getEnv().DEMO_MODE) return notADemo()
  try {
    return Response.json(await readClock(), { headers: NO_STORE })
  } catch (error) {
    return toErrorResponse(error)
  }
}

/** `POST /api/dev/clock` `{advanceMs}` (DEMO_MODE=1 only): moves the clock forward for every instance. */
export async function POST(request: Request): Promise<Response> {
  if (!getEnv().DEMO_MODE) return notADemo()
  try {
    assertSameOrigin(request, getEnv().APP_URL)
    const { advanceMs } = advanceClockBody.parse(await readJson(request))
    return Response.json(await advanceClock(advanceMs), { headers: NO_STORE })
  } catch (error) {
    return toErrorResponse(error)
  }
}
