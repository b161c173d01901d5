import { isDatabaseReachable } from '@/server/health'

export const dynamic = 'force-dynamic'

export async function GET() {
  const ok = await isDatabaseReachable()
  return Response.json({ status: ok ? 'ok' : 'unavailable', database: ok }, { status: ok ? 200 : 503 })
}
