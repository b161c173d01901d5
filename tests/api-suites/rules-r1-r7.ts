import { describe, expect, it } from 'vitest'
import { contractView } from '@/app/api/contracts/representations'
import { getDb } from '@/server/db/client'
import { createApiScenario, expectOk, milestone, type ApiClient } from './api-client'
import { expectError, ledgerOf } from './expectations'

/**
 * The rules of PRODUCT.md (R1–R7 here, R8–R14 in rules-r8-r14.ts) through the API, with the exact
 * status and error code the spec names: in-process against the route handlers and over HTTP
 * against the production build.
 */
export function describeRulesR1ToR7(apiClient: ApiClient) {
  const db = getDb()

  describe(`R1–R7 through the API (${apiClient.kind})`, () => {
    it('R1: amounts are integer cents from 500 to 100,000,000', async () => {
      const { client, expert, api } = await createApiScenario(apiClient)
      const create = (amountCents: unknown) => apiClient.call({ as: client, method: 'POST', path: '/api/contracts', body: { title: 'R1', expertEmail: expert.email, milestones: [{ title: 'M', amountCents }] } })
      expectError(await create(499), 422, 'AMOUNT_BELOW_MINIMUM')
      expectError(await create(100_000_001), 422, 'AMOUNT_ABOVE_MAXIMUM')
      expect((await create(500)).status).toBe(201)
      expect((await create(100_000_000)).status).toBe(201)
      const fractional = await create(500.5)
      expectError(fractional, 422, 'VALIDATION_FAILED')
      expect(fractional.body.error.details).toMatchObject({ fieldErrors: { milestones: [expect.any(String)] } })
      expectError(await create(-500), 422, 'VALIDATION_FAILED')
      expectError(await create('500'), 422, 'VALIDATION_FAILED')
      expectError(await create(0), 422, 'AMOUNT_BELOW_MINIMUM')

      const save = (amountCents: unknown) => api(client, 'PUT', '/milestones', { baseVersion: 1, milestones: [{ title: 'M', amountCents }] })
      expectError(await save(499), 422, 'AMOUNT_BELOW_MINIMUM')
      expectError(await save(100_000_001), 422, 'AMOUNT_ABOVE_MAXIMUM')
      expectError(await save(1e21), 422, 'VALIDATION_FAILED')
      const propose = (amountCents: unknown) => api(expert, 'POST', '/change-requests', { baseVersion: 1, message: 'x', milestones: [{ title: 'M', amountCents }] })
      expectError(await propose(499), 422, 'AMOUNT_BELOW_MINIMUM')
      expectError(await propose(100_000_001), 422, 'AMOUNT_ABOVE_MAXIMUM')
      const release = await api(client, 'POST', '/milestones/x/release', { amountCents: 12.5 })
      expectError(release, 422, 'VALIDATION_FAILED')
      expect(release.body.error.details).toEqual({ formErrors: [], fieldErrors: { amountCents: [expect.any(String)] } })
    })

    it('R2 + R3: only the first upcoming milestone is funded, and only one at a time', async () => {
      const { client, api, id } = await createApiScenario(apiClient, [milestone('A'), milestone('B'), milestone('C')])
      const [a, b] = contractView.parse((await api(client, 'GET')).body).milestones
      expectError(await api(client, 'POST', `/milestones/${b!.id}/fund`), 409, 'NOT_NEXT_MILESTONE')
      await expectOk(api(client, 'POST', `/milestones/${a!.id}/fund`))
      expectError(await api(client, 'POST', `/milestones/${b!.id}/fund`), 409, 'ANOTHER_MILESTONE_IN_PROGRESS')
      expectError(await api(client, 'POST', `/milestones/${a!.id}/fund`), 409, 'MILESTONE_LOCKED')
      const inProgress = await db.milestone.count({ where: { contractId: id, state: { in: ['FUNDED', 'SUBMITTED'] } } })
      expect(inProgress).toBe(1)
    })

    it('R4: funding uses the balance first and never deposits less than $5.00', async () => {
      const { client, api, id } = await createApiScenario(apiClient, [milestone('A', 10_000), milestone('B', 600), milestone('C', 5_000)])
      const [a, b, c] = contractView.parse((await api(client, 'GET')).body).milestones
      await expectOk(api(client, 'POST', `/milestones/${a!.id}/fund`))
      const released = await expectOk(api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 9_700 }))
      expect(released.escrow).toEqual({ depositedCents: 10_000, releasedCents: 9_700, refundedCents: 0, heldCents: 300, balanceCents: 300 })
      // B costs 600; the balance pays 300; the 300 rest is below $5, so the deposit is 500 and 200 stays.
      const fundedB = await expectOk(api(client, 'POST', `/milestones/${b!.id}/fund`))
      expect(fundedB.escrow).toEqual({ depositedCents: 10_500, releasedCents: 9_700, refundedCents: 0, heldCents: 800, balanceCents: 200 })
      await expectOk(api(client, 'POST', `/milestones/${b!.id}/release`, { amountCents: 600 }))
      const fundedC = await expectOk(api(client, 'POST', `/milestones/${c!.id}/fund`))
      expect(fundedC.escrow).toMatchObject({ depositedCents: 15_300, heldCents: 5_000, balanceCents: 0 })
      expect((await ledgerOf(id)).map((e) => [e.kind, e.amountCents])).toEqual([
        ['DEPOSIT', 10_000],
        ['RELEASE', 9_700],
        ['DEPOSIT', 500],
        ['RELEASE', 600],
        ['DEPOSIT', 4_800],
      ])
      expect((await ledgerOf(id)).filter((e) => e.kind === 'DEPOSIT').every((e) => e.amountCents >= 500)).toBe(true)
    })

    it('R5: locked milestones cannot be edited, deleted or moved; they stay at the head', async () => {
      const { client, api } = await createApiScenario(apiClient, [milestone('A'), milestone('B'), milestone('C')])
      const [a, b, c] = contractView.parse((await api(client, 'GET')).body).milestones
      const funded = await expectOk(api(client, 'POST', `/milestones/${a!.id}/fund`))
      const base = funded.planVersion
      const entry = (m: typeof a, extra = {}) => ({ id: m!.id, title: m!.title, amountCents: m!.amountCents, ...extra })
      expectError(await api(client, 'PUT', '/milestones', { baseVersion: base, milestones: [entry(a, { title: 'Renamed' }), entry(b), entry(c)] }), 409, 'MILESTONE_LOCKED')
      expectError(await api(client, 'PUT', '/milestones', { baseVersion: base, milestones: [entry(c), entry(a), entry(b)] }), 409, 'MILESTONE_LOCKED')
      // Reorder the upcoming ones only (locked ones are not sent): A stays first.
      const reordered = await expectOk(api(client, 'PUT', '/milestones', { baseVersion: base, milestones: [entry(c), entry(b)] }))
      expect(reordered.milestones.map((m: { title: string; state: string; position: number }) => [m.position, m.title, m.state])).toEqual([
        [0, 'A', 'FUNDED'],
        [1, 'C', 'UPCOMING'],
        [2, 'B', 'UPCOMING'],
      ])
      // Leaving out everything upcoming deletes the upcoming milestones, never the locked one.
      const emptied = await expectOk(api(client, 'PUT', '/milestones', { baseVersion: reordered.planVersion, milestones: [] }))
      expect(emptied.milestones.map((m: { title: string }) => m.title)).toEqual(['A'])
    })

    it('R6: release from $0.01 up to the funded amount; a partial release keeps the rest as balance', async () => {
      const { client, expert, api } = await createApiScenario(apiClient, [milestone('A', 10_000), milestone('B')])
      const [a, b] = contractView.parse((await api(client, 'GET')).body).milestones
      expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 100 }), 409, 'MILESTONE_NOT_IN_PROGRESS')
      await expectOk(api(client, 'POST', `/milestones/${a!.id}/fund`))
      expectError(await api(expert, 'POST', `/milestones/${a!.id}/release`, { amountCents: 100 }), 403, 'FORBIDDEN_FOR_ROLE')
      expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 10_001 }), 422, 'RELEASE_EXCEEDS_FUNDED')
      expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 0 }), 422, 'VALIDATION_FAILED')
      expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: -1 }), 422, 'VALIDATION_FAILED')
      expectError(await api(client, 'POST', `/milestones/${b!.id}/release`, { amountCents: 1 }), 409, 'MILESTONE_NOT_IN_PROGRESS')
      const partial = await expectOk(api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 1 }))
      expect(partial.milestones[0]).toMatchObject({ state: 'RELEASED', fundedCents: 10_000, releasedCents: 1 })
      expect(partial.escrow).toMatchObject({ releasedCents: 1, heldCents: 9_999, balanceCents: 9_999 })
      expectError(await api(client, 'POST', `/milestones/${a!.id}/release`, { amountCents: 1 }), 409, 'MILESTONE_NOT_IN_PROGRESS')
    })

    it('R7: a milestone can be added after the final one was released', async () => {
      const { client, api } = await createApiScenario(apiClient, [milestone('Only')])
      const [only] = contractView.parse((await api(client, 'GET')).body).milestones
      await expectOk(api(client, 'POST', `/milestones/${only!.id}/fund`))
      const released = await expectOk(api(client, 'POST', `/milestones/${only!.id}/release`, { amountCents: 10_000 }))
      const added = await expectOk(api(client, 'PUT', '/milestones', { baseVersion: released.planVersion, milestones: [milestone('Follow-up', 5_000)] }))
      expect(added.milestones.map((m: { title: string; state: string }) => [m.title, m.state])).toEqual([
        ['Only', 'RELEASED'],
        ['Follow-up', 'UPCOMING'],
      ])
      expect(added.allowedActions).toContain('FUND_MILESTONE')
    })
  })
}
