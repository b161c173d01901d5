import { createHash } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { evidenceRecord } from '@/app/api/contracts/representations'
import { EVIDENCE_CSV_HEADER } from '@/domain/evidence-csv'
import { getDb } from '@/server/db/client'
import { parseCsv } from '../../unit/rfc4180-reader'
import { callApi, createApiScenario, expectOk, milestone, stateOf, type ApiResponse } from './harness'

vi.mock('@/server/auth/session', () => import('./session-mock'))

/**
 * R24 through the real route handler: GET /api/contracts/{id}/export?format=csv|json. Every answer
 * here is also held to the OpenAPI document by the harness (Digest and Content-Disposition are
 * required headers there).
 */

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64')
const column = (name: (typeof EVIDENCE_CSV_HEADER)[number]) => EVIDENCE_CSV_HEADER.indexOf(name)

/** A contract with history: a plan save, a partial release, a second funding from the balance, a declined request. */
async function contractWithHistory() {
  const s = await createApiScenario([milestone('Design', 10_000, { description: 'Wireframes' }), milestone('=1+1 Build', 20_000)])
  let view = await expectOk(s.api(s.client, 'GET'))
  const [design, build] = view.milestones
  view = await expectOk(
    s.api(s.client, 'PUT', '/milestones', {
      baseVersion: view.planVersion,
      milestones: [
        { id: design.id, title: 'Design', description: 'Wireframes, mock-ups', amountCents: 12_000 },
        { id: build.id, title: build.title, amountCents: 20_000 },
        { title: 'Launch, "soft"', amountCents: 5_000 },
      ],
    }),
  )
  await expectOk(s.api(s.client, 'POST', `/milestones/${design.id}/fund`))
  await expectOk(s.api(s.client, 'POST', `/milestones/${design.id}/release`, { amountCents: 9_000 }))
  await expectOk(s.api(s.client, 'POST', `/milestones/${build.id}/fund`))
  view = await expectOk(s.api(s.expert, 'GET'))
  const request = await expectOk(s.api(s.expert, 'POST', '/change-requests', { baseVersion: view.planVersion, milestones: [], message: 'Drop the launch' }))
  await expectOk(s.api(s.client, 'POST', `/change-requests/${request.changeRequest.id}/decline`, { reason: 'Keep it' }))
  return s
}

const download = (s: Awaited<ReturnType<typeof createApiScenario>>, as: typeof s.client | null, query: string) => s.api(as, 'GET', `/export${query}`)

function expectFile(response: ApiResponse, format: 'csv' | 'json', id: string) {
  expect(response.status, response.text).toBe(200)
  expect(response.headers.get('content-type')).toBe(format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8')
  expect(response.headers.get('content-disposition')).toBe(`attachment; filename="tranche-contract-${id}.${format}"`)
  expect(response.headers.get('cache-control')).toBe('no-store')
  // The Digest is the SHA-256 of the bytes on the wire, BOM included.
  expect(response.headers.get('digest')).toBe(`sha-256=${sha256(response.bytes!)}`)
}

describe('GET /api/contracts/{id}/export (R24)', () => {
  it('gives the client and the expert identical bytes in both formats, with the Digest of those bytes', async () => {
    const s = await contractWithHistory()
    for (const format of ['csv', 'json'] as const) {
      const [asClient, asExpert] = [await download(s, s.client, `?format=${format}`), await download(s, s.expert, `?format=${format}`)]
      expectFile(asClient, format, s.id)
      expectFile(asExpert, format, s.id)
      expect(Buffer.from(asExpert.bytes!).equals(Buffer.from(asClient.bytes!)), format).toBe(true)
      expect(asExpert.headers.get('digest')).toBe(asClient.headers.get('digest'))
      // Asking again without a change gives the same file.
      expect((await download(s, s.client, `?format=${format}`)).headers.get('digest')).toBe(asClient.headers.get('digest'))
    }
  })

  it('JSON: the contract without viewer-relative fields, every event in time order, every ledger entry with the held balance', async () => {
    const s = await contractWithHistory()
    const record = evidenceRecord.parse((await download(s, s.expert, '?format=json')).body)
    const view = await expectOk(s.api(s.client, 'GET'))
    expect(record.contract).toMatchObject({ id: s.id, title: 'API contract', currency: 'USD', escrow: view.escrow, client: view.client, expert: view.expert })
    expect(record.contract).not.toHaveProperty('role')
    expect(record.contract).not.toHaveProperty('allowedActions')
    expect(record.events.map((e) => e.type)).toEqual([
      'CONTRACT_CREATED',
      'PLAN_SAVED',
      'MILESTONE_FUNDED',
      'PAYMENT_RELEASED',
      'MILESTONE_FUNDED',
      'CHANGES_REQUESTED',
      'CHANGE_REQUEST_DECLINED',
    ])
    expect(record.events.map((e) => e.actor?.role)).toEqual(['CLIENT', 'CLIENT', 'CLIENT', 'CLIENT', 'CLIENT', 'EXPERT', 'CLIENT'])
    const activity = await expectOk(s.api(s.client, 'GET', '/activity'))
    expect(record.events.map((e) => e.id)).toEqual([...activity.events].reverse().map((e: { id: string }) => e.id))
    // Plan changes keep the old and new values.
    expect(record.events[1]!.data).toMatchObject({ changes: expect.arrayContaining([expect.objectContaining({ kind: 'EDITED', fields: expect.arrayContaining([{ field: 'amountCents', from: 10_000, to: 12_000 }]) })]) })
    // Design 120.00 deposited, 90.00 released (30.00 stays), Build 200.00 funded with 170.00 deposited.
    expect(record.ledger.map((e) => [e.kind, e.amountCents, e.milestoneTitle, e.heldCents])).toEqual([
      ['DEPOSIT', 12_000, 'Design', 12_000],
      ['RELEASE', 9_000, 'Design', 3_000],
      ['DEPOSIT', 17_000, '=1+1 Build', 20_000],
    ])
    expect(record.ledger.at(-1)!.heldCents).toBe(view.escrow.heldCents)
    const stored = await getDb().ledgerEntry.count({ where: { contractId: s.id } })
    expect(record.ledger).toHaveLength(stored)
    for (const list of [record.events, record.ledger]) expect(list.map((e) => e.at)).toEqual(list.map((e) => e.at).sort())
  })

  it('CSV: a header row, one RFC 4180 row per event and ledger entry in time order, old → new values, formulas defused', async () => {
    const s = await contractWithHistory()
    const response = await download(s, s.client, '?format=csv')
    expect(response.text.startsWith('\uFEFF')).toBe(true)
    expect(response.text.endsWith('\r\n')).toBe(true)
    const [header, ...rows] = parseCsv(response.text.slice(1))
    expect(header).toEqual([...EVIDENCE_CSV_HEADER])
    expect(rows.filter((r) => r[0] === 'event')).toHaveLength(7)
    expect(rows.filter((r) => r[0] === 'ledger').map((r) => [r[column('type')], r[column('amount_cents')], r[column('held_cents')]])).toEqual([
      ['DEPOSIT', '12000', '12000'],
      ['RELEASE', '9000', '3000'],
      ['DEPOSIT', '17000', '20000'],
    ])
    const times = rows.map((r) => r[column('at')]!)
    expect(times).toEqual([...times].sort())
    const saved = rows.find((r) => r[column('type')] === 'PLAN_SAVED')!
    expect(saved[column('changes')]!.split('\n')).toEqual([
      'Changed description of “Design” from “Wireframes” to “Wireframes, mock-ups”',
      'Changed amount of “Design” from $100.00 to $120.00',
      'Added “Launch, "soft"” ($50.00)',
    ])
    expect(saved[column('actor_email')]).toBe(s.client.email)
    // A title that would run as a formula reaches the spreadsheet as text; the JSON keeps it exactly.
    const funded = rows.filter((r) => r[column('type')] === 'MILESTONE_FUNDED')[1]!
    expect(funded[column('milestone')]).toBe("'=1+1 Build")
    expect(rows.flat().every((field) => !/^[=+\-@\t\r]/.test(field))).toBe(true)
  })

  it('reads without writing, and a new event changes the file and its Digest', async () => {
    const s = await contractWithHistory()
    const users = [s.client.userId, s.expert.userId]
    const before = await stateOf(s.id, users)
    const first = await download(s, s.client, '?format=json')
    expect(await stateOf(s.id, users)).toEqual(before)
    await expectOk(s.api(s.expert, 'POST', `/milestones/${(await expectOk(s.api(s.client, 'GET'))).milestones[1].id}/submit`, { message: 'Done' }))
    const second = await download(s, s.client, '?format=json')
    expect(second.headers.get('digest')).not.toBe(first.headers.get('digest'))
    expect(second.body.events.at(-1).type).toBe('WORK_SUBMITTED')
    // A pending request is part of the state, the same for both.
    const view = await expectOk(s.api(s.expert, 'GET'))
    await expectOk(s.api(s.expert, 'POST', '/change-requests', { baseVersion: view.planVersion, milestones: [{ title: 'Extra', amountCents: 700 }], message: 'One more' }))
    const pending = evidenceRecord.parse((await download(s, s.expert, '?format=json')).body).contract.changeRequest
    expect(pending).toMatchObject({ message: 'One more', milestones: [{ id: null, title: 'Extra', description: '', amountCents: 700, dueDate: null }] })
  })

  it('anonymous 401, outsider or unknown contract 404 even with a bad format, member 422 for a missing, unknown or repeated format', async () => {
    const s = await createApiScenario()
    const code = (r: ApiResponse) => [r.status, r.body?.error?.code]
    expect(code(await download(s, null, '?format=csv'))).toEqual([401, 'UNAUTHENTICATED'])
    expect(code(await download(s, null, ''))).toEqual([401, 'UNAUTHENTICATED'])
    for (const query of ['?format=csv', '?format=json', '', '?format=xml']) expect(code(await download(s, s.outsider, query)), query).toEqual([404, 'NOT_FOUND'])
    expect(code(await callApi({ as: s.client, method: 'GET', path: '/api/contracts/no-such-contract/export?format=csv' }))).toEqual([404, 'NOT_FOUND'])
    for (const query of ['', '?format=', '?format=xml', '?format=CSV', '?format=csv&format=json']) {
      const r = await download(s, s.client, query)
      expect(code(r), query).toEqual([422, 'VALIDATION_FAILED'])
      expect(r.body.error.details.fieldErrors).toHaveProperty('format')
    }
    // Parameters other than format are ignored, as links and caches add them.
    expect((await download(s, s.expert, '?format=csv&utm_source=mail')).status).toBe(200)
  })
})
