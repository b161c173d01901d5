import { describe, expect, it, vi } from 'vitest'
import { contractList } from '@/app/api/contracts/representations'
import { callApi, createApiUser, expectOk, milestone } from './harness'

vi.mock('@/server/auth/session', () => import('./session-mock'))

// GET /api/contracts pages through the caller's contracts with an opaque cursor, newest first,
// 50 by default; the response stays {contracts} with nextCursor added (null on the last page).

async function userWithContracts(count: number) {
  const [client, expert] = await Promise.all([createApiUser('Paged client'), createApiUser('Paged expert')])
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    // Alternate roles, so the pages mix contracts as client and as expert.
    const [as, other] = i % 2 === 0 ? [client, expert] : [expert, client]
    const created = await expectOk(callApi({ as, method: 'POST', path: '/api/contracts', body: { title: `Paged ${i}`, expertEmail: other.email, milestones: [milestone('One')] } }))
    ids.push(created.id)
  }
  return { client, ids: ids.reverse() }
}

const list = (as: Awaited<ReturnType<typeof createApiUser>>, query = '') => callApi({ as, method: 'GET', path: `/api/contracts${query}` })

describe('GET /api/contracts pagination', () => {
  it('answers 50 newest first with a cursor, then the rest with nextCursor null: every contract once', async () => {
    const { client, ids } = await userWithContracts(53)
    const first = await list(client)
    expect(first.status).toBe(200)
    const page1 = contractList.parse(first.body)
    expect(page1.contracts).toHaveLength(50)
    expect(page1.nextCursor).toEqual(expect.any(String))
    const page2 = contractList.parse((await list(client, `?cursor=${encodeURIComponent(page1.nextCursor!)}`)).body)
    expect(page2.nextCursor).toBeNull()
    expect([...page1.contracts, ...page2.contracts].map((c) => c.id)).toEqual(ids)
  })

  it('takes ?limit= from 1 to 100, and a user with few contracts gets them all with nextCursor null', async () => {
    const { client, ids } = await userWithContracts(5)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const page = contractList.parse((await list(client, query)).body)
      expect(page.contracts.length).toBeLessThanOrEqual(2)
      seen.push(...page.contracts.map((c) => c.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(ids)
    expect(contractList.parse((await list(client)).body)).toMatchObject({ nextCursor: null })
  })

  it.each(['?limit=0', '?limit=101', '?limit=abc', '?limit=2.5', '?cursor=not-a-cursor', `?cursor=${'x'.repeat(500)}`])('refuses %s with 422 VALIDATION_FAILED', async (query) => {
    const user = await createApiUser('Bad query')
    const response = await list(user, query)
    expect(response.status).toBe(422)
    expect(response.body.error.code).toBe('VALIDATION_FAILED')
  })

  it("a cursor from another user's list only positions: it never shows their contracts", async () => {
    const { client: owner } = await userWithContracts(3)
    const page = contractList.parse((await list(owner, '?limit=1')).body)
    const stranger = await createApiUser('Stranger')
    const seen = contractList.parse((await list(stranger, `?cursor=${encodeURIComponent(page.nextCursor!)}`)).body)
    expect(seen.contracts).toEqual([])
  })
})
