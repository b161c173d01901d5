import { benchReplayer, parseWriteRequest } from '@/server/bench-replay'
import { errorResponse } from '@/server/http'

export const dynamic = 'force-dynamic'

/** Without BENCH_ROUTES=1 the route does not exist: the same 404 as any unknown API path. */
const notFound = () => errorResponse('NOT_FOUND', 'No such API route.')

/**
 * `POST /api/bench/write` `{op: 'fund' | 'release', contractId, milestoneId}` (BENCH_ROUTES=1
 * only): the framework floor of a fund or a release for `npm run bench`. The app's recorded
 * statements of that command (row lock to commit, one transaction) on the given contract and
 * milestone, with fresh ids for the rows it inserts, on a bare `pg` pool; the rows as JSON.
 */
export async function POST(request: Request): Promise<Response> {
  const bench = benchReplayer()
  if (!bench) return notFound()
  const write = parseWriteRequest(await request.json().catch(() => null))
  if (!write) return errorResponse('VALIDATION_FAILED', 'Expected {op: "fund" | "release", contractId, milestoneId}.')
  return Response.json(await bench.write(write))
}

export const GET = notFound
export const PUT = notFound
export const PATCH = notFound
export const DELETE = notFound
