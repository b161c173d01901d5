import { benchReplayer, type WriteOp } from '@/server/bench-replay'
import { errorResponse } from '@/server/http'

// The framework-floor routes of `npm run bench` (BENCH_ROUTES=1 only), at paths of the same shape
// as the app's routes they stand for (`/api/bench` + the app's path), so Next.js matches and hands
// them their dynamic segments exactly as it does the app's. Each runs the app's recorded
// statements of that request on a bare `pg` pool (src/server/bench-replay.ts): no session, no
// Prisma, no mapping; the rows as JSON.

type Params = Promise<Record<string, string>>

/** Without BENCH_ROUTES=1 the routes do not exist: the same 404 as any unknown API path. */
export const notFound = () => errorResponse('NOT_FOUND', 'No such API route.')

/** `GET /api/bench/contracts/{id}`: the floor of the workspace read (the read as recorded). */
export async function readFloor(_request: Request, context: { params: Params }): Promise<Response> {
  const bench = benchReplayer()
  if (!bench) return notFound()
  await context.params
  return Response.json(await bench.read())
}

/** `POST /api/bench/contracts/{id}/milestones/{mid}/fund` or `/release`: the floor of that command on that milestone. */
export function writeFloor(op: WriteOp) {
  return async (_request: Request, context: { params: Params }): Promise<Response> => {
    const bench = benchReplayer()
    if (!bench) return notFound()
    const { id, mid } = await context.params
    return Response.json(await bench.write({ op, contractId: id!, milestoneId: mid! }))
  }
}
