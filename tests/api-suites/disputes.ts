import { describe, expect, it } from 'vitest'
import { contractView, operatorDispute } from '@/app/api/contracts/representations'
import { getDb } from '@/server/db/client'
import { findReconciliationProblems } from '@/server/contracts/reconcile'
import { findEmails } from '../setup/emails'
import { createApiScenario, expectOk, milestone, stateOf, type ApiClient, type ApiResponse } from './api-client'
import { expectError, expectRepresentation, ledgerOf } from './expectations'

/**
 * R21 through the API: in-process against the route handlers and over HTTP against the
 * production build. Every refusal has its status and code and changes nothing; races on the real
 * server end in one outcome and a balanced ledger.
 */
export function describeDisputes(apiClient: ApiClient) {
  const db = getDb()

  /** A contract with its first milestone ($100.00) funded, and a dispute the expert opened asking $80.00. */
  async function disputed() {
    const s = await createApiScenario(apiClient, [milestone('Design', 10_000), milestone('Build', 20_000)])
    const [design] = contractView.parse((await s.api(s.client, 'GET')).body).milestones
    await expectOk(s.api(s.client, 'POST', `/milestones/${design!.id}/fund`))
    const opened = await s.api(s.expert, 'POST', '/disputes', { statement: 'Delivered as agreed.', releaseCents: 8_000 })
    await expectRepresentation(apiClient, opened, s.expert)
    const dispute = contractView.parse(opened.body).dispute!
    return { ...s, mid: design!.id, did: dispute.id, firstOffer: dispute.offers[0]!.id }
  }

  async function escalated() {
    const s = await disputed()
    await expectOk(s.api(s.client, 'POST', `/disputes/${s.did}/offers`, { statement: 'Half is missing.', releaseCents: 3_000 }))
    await expectOk(s.api(s.client, 'POST', `/disputes/${s.did}/escalate`))
    return s
  }

  const codeOf = (r: ApiResponse) => `${r.status} ${r.body?.error?.code ?? ''}`.trim()

  describe(`R21 disputes through the API (${apiClient.kind})`, () => {
    it('open → counter-offer → accept: each answer is the contract as GET shows it; the money moves at once', async () => {
      const { client, expert, api, id, mid, did, firstOffer } = await disputed()
      const seen = contractView.parse((await api(client, 'GET')).body)
      expect(seen.dispute).toMatchObject({ status: 'OPEN', milestoneId: mid, heldCents: 10_000, openedBy: 'EXPERT', offers: [{ id: firstOffer, by: 'EXPERT', releaseCents: 8_000 }] })
      expect(seen.allowedActions).toEqual(['EDIT_PLAN', 'ANSWER_DISPUTE', 'ESCALATE_DISPUTE'])
      const countered = await api(client, 'POST', `/disputes/${did}/offers`, { statement: 'Half is missing.', releaseCents: 3_000 })
      await expectRepresentation(apiClient, countered, client)
      const offerId = countered.body.dispute.offers[1].id
      const accepted = await api(expert, 'POST', `/disputes/${did}/offers/${offerId}/accept`)
      await expectRepresentation(apiClient, accepted, expert)
      expect(accepted.body).toMatchObject({ dispute: { status: 'SETTLED', acceptedOfferId: offerId }, escrow: { releasedCents: 3_000, refundedCents: 7_000, heldCents: 0 } })
      expect(accepted.body.milestones[0]).toMatchObject({ state: 'RELEASED', releasedCents: 3_000 })
      expect((await ledgerOf(id)).map((e) => [e.kind, e.amountCents])).toEqual([
        ['DEPOSIT', 10_000],
        ['RELEASE', 3_000],
        ['REFUND', 7_000],
      ])
      const activity = (await api(client, 'GET', '/activity')).body.events.map((e: { type: string }) => e.type)
      expect(activity.slice(0, 3)).toEqual(['DISPUTE_OFFER_ACCEPTED', 'DISPUTE_OFFER_MADE', 'DISPUTE_OPENED'])
      expect(await findReconciliationProblems([id])).toEqual([])
    })

    it('bad input: 422 naming the field, above the held amount included; nothing changes', async () => {
      const { client, expert, api, id, did } = await disputed()
      const before = await stateOf(id, [client.userId, expert.userId])
      const above = await api(client, 'POST', `/disputes/${did}/offers`, { statement: 'x', releaseCents: 10_001 })
      expectError(above, 422, 'OFFER_EXCEEDS_HELD')
      expect(above.body.error.details).toEqual({ field: 'releaseCents', heldCents: 10_000 })
      for (const body of [{ statement: 'x', releaseCents: -1 }, { statement: 'x', releaseCents: 1.5 }, { statement: 'x', releaseCents: '100' }, { statement: 'x' }]) {
        const r = await api(client, 'POST', `/disputes/${did}/offers`, body)
        expectError(r, 422, 'VALIDATION_FAILED')
        expect(r.body.error.details.fieldErrors).toHaveProperty('releaseCents')
      }
      for (const statement of ['', '   ', 'a\u202eb', 'x'.repeat(5_001)]) {
        const r = await api(client, 'POST', `/disputes/${did}/offers`, { statement, releaseCents: 0 })
        expectError(r, 422, 'VALIDATION_FAILED')
        expect(r.body.error.details.fieldErrors).toHaveProperty('statement')
      }
      expectError(await api(client, 'POST', `/disputes/${did}/offers`, { statement: 'x', releaseCents: 0, status: 'SETTLED' }), 422, 'VALIDATION_FAILED')
      expect(await stateOf(id, [client.userId, expert.userId])).toEqual(before)
    })

    it('state conflicts: 409 with a clear code, and money commands refused with DISPUTE_OPEN', async () => {
      const fresh = await createApiScenario(apiClient)
      expectError(await fresh.api(fresh.client, 'POST', '/disputes', { statement: 'Nothing funded', releaseCents: 0 }), 409, 'MILESTONE_NOT_IN_PROGRESS')
      const { client, expert, api, id, mid, did, firstOffer } = await disputed()
      const before = await stateOf(id, [client.userId, expert.userId])
      expectError(await api(client, 'POST', '/disputes', { statement: 'Second', releaseCents: 0 }), 409, 'DISPUTE_OPEN')
      expectError(await api(client, 'POST', `/milestones/${mid}/release`, { amountCents: 100 }), 409, 'DISPUTE_OPEN')
      expectError(await api(client, 'POST', '/close', { refundCents: 0 }), 409, 'DISPUTE_OPEN')
      expectError(await api(expert, 'POST', '/close'), 409, 'DISPUTE_OPEN')
      expectError(await api(expert, 'POST', `/disputes/${did}/offers`, { statement: 'Again', releaseCents: 7_000 }), 409, 'OFFER_AWAITING_ANSWER')
      expectError(await api(expert, 'POST', `/disputes/${did}/offers/${firstOffer}/accept`), 403, 'FORBIDDEN_FOR_ROLE')
      expectError(await api(client, 'POST', `/disputes/${did}/offers/unknown-offer/accept`), 404, 'NOT_FOUND')
      expectError(await api(client, 'POST', '/disputes/unknown-dispute/escalate'), 404, 'NOT_FOUND')
      const [operator] = await apiClient.operators()
      expectError(await apiClient.call({ as: operator, method: 'POST', path: `/api/contracts/${id}/disputes/${did}/decide`, body: { releaseCents: 0, reason: 'Too early' } }), 409, 'DISPUTE_NOT_ESCALATED')
      expect(await stateOf(id, [client.userId, expert.userId])).toEqual(before)
      await expectOk(api(expert, 'POST', `/disputes/${did}/escalate`))
      expectError(await api(client, 'POST', `/disputes/${did}/escalate`), 409, 'DISPUTE_ALREADY_ESCALATED')
      expectError(await api(client, 'POST', `/milestones/${mid}/release`, { amountCents: 100 }), 409, 'DISPUTE_OPEN')
      await expectOk(api(client, 'POST', `/disputes/${did}/offers/${firstOffer}/accept`))
      expectError(await api(client, 'POST', `/disputes/${did}/offers/${firstOffer}/accept`), 409, 'DISPUTE_NOT_OPEN')
      expectError(await api(client, 'POST', `/disputes/${did}/escalate`), 409, 'DISPUTE_NOT_OPEN')
    })

    it('who may call: 401 anonymous, 404 outsiders on every dispute route; only operators decide, everyone else 404', async () => {
      const { client, expert, outsider, api, id, did, firstOffer } = await escalated()
      const routes: [string, unknown][] = [
        ['/disputes', { statement: 'x', releaseCents: 0 }],
        [`/disputes/${did}/offers`, { statement: 'x', releaseCents: 0 }],
        [`/disputes/${did}/offers/${firstOffer}/accept`, undefined],
        [`/disputes/${did}/escalate`, undefined],
        [`/disputes/${did}/decide`, { releaseCents: 0, reason: 'x' }],
      ]
      const before = await stateOf(id, [client.userId, expert.userId])
      for (const [path, body] of routes) {
        expect(codeOf(await api(null, 'POST', path, body)), path).toBe('401 UNAUTHENTICATED')
        expect(codeOf(await api(outsider, 'POST', path, body)), path).toBe('404 NOT_FOUND')
        // Malformed input from an outsider is still 404: nothing tells them the contract exists.
        expect(codeOf(await api(outsider, 'POST', path, { releaseCents: -1 })), path).toBe('404 NOT_FOUND')
      }
      for (const party of [client, expert]) {
        expect(codeOf(await api(party, 'POST', `/disputes/${did}/decide`, { releaseCents: 0, reason: 'Mine' }))).toBe('404 NOT_FOUND')
        expect(codeOf(await api(party, 'POST', `/disputes/${did}/decide`, { releaseCents: -5 }))).toBe('404 NOT_FOUND')
      }
      expect(await stateOf(id, [client.userId, expert.userId])).toEqual(before)
      const [operator] = await apiClient.operators()
      const decide = (body: unknown) => apiClient.call({ as: operator, method: 'POST', path: `/api/contracts/${id}/disputes/${did}/decide`, body })
      // The operator is not a member: the parties' routes stay closed to them.
      expect(codeOf(await api(operator, 'GET'))).toBe('404 NOT_FOUND')
      expect(codeOf(await api(operator, 'POST', `/disputes/${did}/escalate`))).toBe('404 NOT_FOUND')
      expectError(await decide({ releaseCents: 10_001, reason: 'Too much' }), 422, 'OFFER_EXCEEDS_HELD')
      const malformed = await decide({ releaseCents: 100 })
      expectError(malformed, 422, 'VALIDATION_FAILED')
      expect(malformed.body.error.details.fieldErrors).toHaveProperty('reason')
      expect(await stateOf(id, [client.userId, expert.userId])).toEqual(before)
      const decided = await decide({ releaseCents: 4_500, reason: 'Half the pages work.' })
      expect(decided.status, decided.text).toBe(200)
      const view = operatorDispute.parse(decided.body)
      expect(view.dispute).toMatchObject({ status: 'SETTLED', decision: { releaseCents: 4_500, refundCents: 5_500, reason: 'Half the pages work.' } })
      expect(view.ledger.map((e) => [e.kind, e.amountCents])).toEqual([
        ['DEPOSIT', 10_000],
        ['RELEASE', 4_500],
        ['REFUND', 5_500],
      ])
      expectError(await decide({ releaseCents: 0, reason: 'Twice' }), 409, 'DISPUTE_NOT_OPEN')
      const mails = (await findEmails(db, { contractId: id })).filter((e) => e.eventType === 'DISPUTE_DECIDED')
      expect(mails.map((e) => e.to).sort()).toEqual([client.email, expert.email].sort())
      expect(await findReconciliationProblems([id])).toEqual([])
    })

    it('races on the server: two operators at once, an accept against a counter-offer, a release against an accept', async () => {
      const a = await escalated()
      const [one, two] = await apiClient.operators()
      const decisions = await Promise.all(
        [one, two, one].map((operator, i) => apiClient.call({ as: operator, method: 'POST', path: `/api/contracts/${a.id}/disputes/${a.did}/decide`, body: { releaseCents: 1_000 * (i + 1), reason: `Decision ${i}` } })),
      )
      expect(decisions.map(codeOf).sort()).toEqual(['200', '409 DISPUTE_NOT_OPEN', '409 DISPUTE_NOT_OPEN'])
      expect((await ledgerOf(a.id)).filter((e) => e.kind === 'RELEASE')).toHaveLength(1)

      const b = await disputed()
      const [accept, counter] = await Promise.all([
        b.api(b.client, 'POST', `/disputes/${b.did}/offers/${b.firstOffer}/accept`),
        b.api(b.client, 'POST', `/disputes/${b.did}/offers`, { statement: 'Counter', releaseCents: 2_000 }),
      ])
      expect([accept, counter].filter((r) => r.status === 200)).toHaveLength(1)
      expect([codeOf(accept), codeOf(counter)].sort()).toContainEqual(expect.stringMatching(/^409 (DISPUTE_NOT_OPEN|OFFER_SUPERSEDED)$/))

      const c = await disputed()
      const [release, settle] = await Promise.all([
        c.api(c.client, 'POST', `/milestones/${c.mid}/release`, { amountCents: 10_000 }),
        c.api(c.client, 'POST', `/disputes/${c.did}/offers/${c.firstOffer}/accept`),
      ])
      expect(codeOf(settle)).toBe('200')
      expect(['409 DISPUTE_OPEN', '409 MILESTONE_NOT_IN_PROGRESS']).toContain(codeOf(release))
      expect((await ledgerOf(c.id)).map((e) => [e.kind, e.amountCents])).toEqual([
        ['DEPOSIT', 10_000],
        ['RELEASE', 8_000],
        ['REFUND', 2_000],
      ])
      expect(await findReconciliationProblems([a.id, b.id, c.id])).toEqual([])
    })
  })
}
