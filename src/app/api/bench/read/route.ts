import { benchReplayer } from '@/server/bench-replay'
import { errorResponse } from '@/server/http'

export const dynamic = 'force-dynamic'

/** Without BENCH_ROUTES=1 the route does not exist: the same 404 as any unknown API path. */
const notFound = () => errorResponse('NOT_FOUND', 'No such API route.')

/**
 * `GET /api/bench/read` (BENCH_ROUTES=1 only): the framework floor of the workspace read for
 * `npm run bench`. The app's recorded statements of that read, on a bare `pg` pool, in this same
 * production build: no session, no Prisma, no mapping; the rows as JSON.
 */
export async function GET(): Promise<Response> {
  const bench = benchReplayer()
  if (!bench) return notFound()
  return Response.json(await bench.read())
}

export const POST = notFound
export const PUT = notFound
export const PATCH = notFound
export const DELETE = notFound
