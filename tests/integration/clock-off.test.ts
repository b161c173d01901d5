import { describe, expect, it } from 'vitest'
import { GET, POST } from '@/app/api/dev/clock/route'
import { clockOffsetMs } from '@/server/clock'
import type { Sql } from '@/server/db/sql'

// Outside a demo (DEMO_MODE unset, as in every deployment) the clock route does not exist and the
// offset is 0 without a query.
describe('the application clock outside a demo', () => {
  it('GET and POST /api/dev/clock are 404 and move nothing', async () => {
    expect((await GET()).status).toBe(404)
    const posted = await POST(new Request('http://localhost:3000/api/dev/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advanceMs":86400000}' }))
    expect(posted.status).toBe(404)
    expect(((await posted.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
  })

  it('reads no offset: 0 even when the table holds one', async () => {
    let queried = false
    const spy: Sql = async <T>() => ((queried = true), [{ offsetMs: '5' }] as T[])
    expect(await clockOffsetMs(spy)).toBe(0)
    expect(queried).toBe(false)
  })
})
