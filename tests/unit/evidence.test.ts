import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildEvidence, evidenceToJson, sortKeys, withRunningHeld, type EvidenceInput, type RecordedEvent, type RecordedLedgerEntry } from '../../src/domain/evidence'
import { EVIDENCE_CSV_HEADER, evidenceToCsv, recordChangeLines } from '../../src/domain/evidence-csv'
import type { PlanChange } from '../../src/domain/plan-diff'
import { CLIENT, EXPERT, makeContract, makeFunded, makeReleased, usd } from './builders'
import { parseCsv } from './rfc4180-reader'

const at = (second: number) => new Date(Date.UTC(2026, 5, 15, 9, 0, second))
const client = { id: CLIENT.userId, email: 'client@example.com', name: 'Alice Client' }
const expert = { id: EXPERT.userId, email: 'expert@example.com', name: null }

const planChanges: PlanChange[] = [
  { kind: 'EDITED', id: 'm-b', title: 'Build', fields: [{ field: 'amountCents', from: usd(20_000), to: usd(25_000) }, { field: 'description', from: 'Old scope', to: 'New scope' }] },
  { kind: 'ADDED', to: 1, entry: { title: '=HYPERLINK("http://evil.example")', description: 'Launch help', amountCents: usd(15_000), dueDate: '2026-07-01' } },
  { kind: 'REMOVED', id: 'm-x', title: 'Extras', from: 2 },
]

function scenario(): EvidenceInput {
  const released = makeReleased({ id: 'm-a', title: 'Design', amountCents: usd(10_000), releasedCents: usd(6_000) })
  const funded = makeFunded({ id: 'm-b', title: 'Build', amountCents: usd(25_000) })
  const events: RecordedEvent[] = [
    { id: 'e1', at: at(0), type: 'CONTRACT_CREATED', actor: client, data: { milestoneCount: 3 } },
    { id: 'e2', at: at(1), type: 'PLAN_SAVED', actor: client, data: { lockedMilestones: 1, changes: planChanges } },
    { id: 'e3', at: at(2), type: 'MILESTONE_FUNDED', actor: client, data: { title: 'Design', milestoneId: 'm-a', amountCents: 10_000, depositCents: 10_000, fromBalanceCents: 0 } },
    { id: 'e4', at: at(3), type: 'PAYMENT_RELEASED', actor: client, data: { milestoneId: 'm-a', title: 'Design', amountCents: 6_000, remainderCents: 4_000, partial: true } },
    { id: 'e5', at: at(4), type: 'MILESTONE_FUNDED', actor: client, data: { milestoneId: 'm-b', title: 'Build', amountCents: 25_000, depositCents: 21_000, fromBalanceCents: 4_000 } },
    { id: 'e6', at: at(5), type: 'AUTO_NOTE', actor: null, data: {} },
  ]
  const ledger: RecordedLedgerEntry[] = [
    { id: 'l1', at: at(2), kind: 'DEPOSIT', amountCents: usd(10_000), milestoneId: 'm-a' },
    { id: 'l2', at: at(3), kind: 'RELEASE', amountCents: usd(6_000), milestoneId: 'm-a' },
    { id: 'l3', at: at(4), kind: 'DEPOSIT', amountCents: usd(21_000), milestoneId: 'm-b' },
  ]
  const contract = makeContract({
    milestones: [released, funded],
    escrow: { depositedCents: usd(31_000), releasedCents: usd(6_000), refundedCents: usd(0), balanceCents: usd(0) },
  })
  return { contract, parties: { client, expert }, events, ledger }
}

const bytesOf = (input: EvidenceInput) => {
  const evidence = buildEvidence(input)
  return { json: evidenceToJson(evidence), csv: evidenceToCsv(evidence) }
}

describe('buildEvidence (R24)', () => {
  it('has the contract, every event with its actor and role, every ledger entry with the held balance after it', () => {
    const evidence = buildEvidence(scenario())
    expect(Object.keys(evidence)).toEqual(['contract', 'events', 'ledger'])
    expect(evidence.contract).toMatchObject({ id: 'contract-1', currency: 'USD', client, expert, escrow: { heldCents: 25_000, balanceCents: 0 } })
    expect(evidence.events.map((e) => [e.id, e.type, e.actor?.role ?? null])).toEqual([
      ['e1', 'CONTRACT_CREATED', 'CLIENT'],
      ['e2', 'PLAN_SAVED', 'CLIENT'],
      ['e3', 'MILESTONE_FUNDED', 'CLIENT'],
      ['e4', 'PAYMENT_RELEASED', 'CLIENT'],
      ['e5', 'MILESTONE_FUNDED', 'CLIENT'],
      ['e6', 'AUTO_NOTE', null],
    ])
    expect(evidence.events[0]!.at).toBe('2026-06-15T09:00:00.000Z')
    expect(evidence.ledger.map((e) => [e.kind, e.amountCents, e.milestoneTitle, e.heldCents])).toEqual([
      ['DEPOSIT', 10_000, 'Design', 10_000],
      ['RELEASE', 6_000, 'Design', 4_000],
      ['DEPOSIT', 21_000, 'Build', 25_000],
    ])
  })

  it('holds nothing that depends on the viewer or the clock: no role, allowed actions, overdue flag or export time', () => {
    const { json } = bytesOf(scenario())
    const parsed = JSON.parse(json)
    expect(parsed.contract).not.toHaveProperty('role')
    expect(parsed.contract).not.toHaveProperty('allowedActions')
    expect(parsed.contract).not.toHaveProperty('exportedAt')
    expect(parsed.contract.milestones[0]).not.toHaveProperty('overdue')
    expect(json).toBe(bytesOf(scenario()).json)
  })

  it('gives the same bytes whatever order the rows and the keys of their data arrive in', () => {
    const base = bytesOf(scenario())
    const reverseKeys = (value: unknown): unknown =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)])) : value
    const input = scenario()
    const permutation = <T,>(list: readonly T[]) => fc.shuffledSubarray([...list], { minLength: list.length, maxLength: list.length })
    fc.assert(
      fc.property(permutation(input.events), permutation(input.ledger), fc.boolean(), (events, ledger, reversed) => {
        const withData = reversed ? events.map((e) => ({ ...e, data: reverseKeys(e.data) })) : events
        expect(bytesOf({ ...input, events: withData, ledger })).toEqual(base)
      }),
    )
  })

  it('breaks ties at the same millisecond by id, by code unit rather than a locale’s collation', () => {
    const input = scenario()
    const same = at(9)
    const events = ['b', 'B', 'a'].map((id) => ({ id, at: same, type: 'X', actor: null, data: {} }))
    expect(buildEvidence({ ...input, events }).events.map((e) => e.id)).toEqual(['B', 'a', 'b'])
  })

  it('keeps the pending request, the close proposal and the reviews as stored, in plain JSON', () => {
    const input = scenario()
    const contract = {
      ...input.contract,
      changeRequest: { id: 'r1', authorRole: 'EXPERT' as const, message: 'More', baseVersion: 3, createdAt: at(6), milestones: [{ title: 'Extra', amountCents: usd(700) }], rounds: [] },
      closeProposal: { refundCents: usd(5_000), proposedAt: at(7) },
      reviews: [{ authorRole: 'EXPERT' as const, rating: 5, timelinessRating: null, comment: 'Clear', createdAt: at(8) }],
    }
    const { contract: snapshot } = JSON.parse(evidenceToJson(buildEvidence({ ...input, contract })))
    expect(snapshot.changeRequest).toEqual({ id: 'r1', authorRole: 'EXPERT', message: 'More', baseVersion: 3, createdAt: '2026-06-15T09:00:06.000Z', milestones: [{ id: null, title: 'Extra', description: '', amountCents: 700, dueDate: null }] })
    expect(snapshot.closeProposal).toEqual({ refundCents: 5_000, releaseCents: 20_000, proposedAt: '2026-06-15T09:00:07.000Z' })
    expect(snapshot.reviews).toEqual([{ authorRole: 'EXPERT', rating: 5, timelinessRating: null, comment: 'Clear', createdAt: '2026-06-15T09:00:08.000Z' }])
    expect(snapshot.milestones[1]).toMatchObject({ state: 'FUNDED', fundedAt: '2026-06-15T15:00:00.000Z', submittedAt: null, releasedAt: null })
  })

  it('copes with rows the contract does not explain: no data, no milestone, an unknown milestone, a plan event without its offset', () => {
    const input = scenario()
    const events: RecordedEvent[] = [
      { id: 'n1', at: at(0), type: 'NOTE', actor: expert, data: null },
      { id: 'n2', at: at(1), type: 'PLAN_SAVED', actor: expert, data: { changes: [{ kind: 'MOVED', id: 'x', title: 'X', from: 0, to: 1 }] } },
    ]
    const ledger: RecordedLedgerEntry[] = [
      { id: 'l1', at: at(2), kind: 'DEPOSIT', amountCents: usd(500), milestoneId: null },
      { id: 'l2', at: at(3), kind: 'REFUND', amountCents: usd(500), milestoneId: 'gone' },
    ]
    const evidence = buildEvidence({ ...input, events, ledger })
    expect(evidence.events[0]).toMatchObject({ data: null, actor: { role: 'EXPERT', name: null } })
    expect(evidence.ledger.map((e) => [e.milestoneId, e.milestoneTitle, e.heldCents])).toEqual([[null, null, 500], ['gone', null, 0]])
    const rows = parseCsv(evidenceToCsv(evidence).slice(1)).slice(1)
    const cell = (id: string, name: (typeof EVIDENCE_CSV_HEADER)[number]) => rows.find((r) => r[2] === id)![EVIDENCE_CSV_HEADER.indexOf(name)]
    expect([cell('n1', 'data'), cell('n1', 'actor_name'), cell('n2', 'changes'), cell('l1', 'milestone_id'), cell('l2', 'milestone')]).toEqual(['', '', 'Moved “X” from position 1 to 2', '', ''])
  })

  it('sortKeys sorts object keys at every depth and keeps arrays in order', () => {
    expect(JSON.stringify(sortKeys({ b: 1, a: [{ d: 1, c: 2 }, 3], c: null }))).toBe('{"a":[{"c":2,"d":1},3],"b":1,"c":null}')
  })
})

describe('withRunningHeld', () => {
  // Random ledgers that conserve money: a release or refund never takes more than is held.
  const ledgers = fc.array(fc.record({ kind: fc.constantFrom('DEPOSIT', 'RELEASE', 'REFUND'), amount: fc.integer({ min: 1, max: 100_000_000 }), second: fc.integer({ min: 0, max: 59 }) }), { maxLength: 40 })

  it('steps by each entry, never goes negative and ends at deposits − releases − refunds', () => {
    fc.assert(
      fc.property(ledgers, (steps) => {
        let held = 0
        const entries: RecordedLedgerEntry[] = []
        steps.forEach((step, i) => {
          const amount = step.kind === 'DEPOSIT' ? step.amount : Math.min(step.amount, held)
          if (amount === 0) return
          held += step.kind === 'DEPOSIT' ? amount : -amount
          // Seconds only grow, so generation order is time order.
          entries.push({ id: `l${String(i).padStart(3, '0')}`, at: at(i), kind: step.kind, amountCents: usd(amount), milestoneId: null })
        })
        const result = withRunningHeld(entries)
        let previous = 0
        for (const entry of result) {
          expect(entry.heldCents - previous).toBe(entry.kind === 'DEPOSIT' ? entry.amountCents : -entry.amountCents)
          expect(entry.heldCents).toBeGreaterThanOrEqual(0)
          previous = entry.heldCents
        }
        expect(previous).toBe(held)
      }),
    )
  })
})

describe('evidenceToCsv', () => {
  it('starts with a BOM and a header row, then one row per event and per ledger entry in time order', () => {
    const { csv } = bytesOf(scenario())
    expect(csv.startsWith('\uFEFFrecord,at,id,')).toBe(true)
    const [header, ...rows] = parseCsv(csv.slice(1))
    expect(header).toEqual([...EVIDENCE_CSV_HEADER])
    // At the same millisecond the event comes before the money it moved.
    expect(rows.map((r) => `${r[0]}:${r[2]}`)).toEqual(['event:e1', 'event:e2', 'event:e3', 'ledger:l1', 'event:e4', 'ledger:l2', 'event:e5', 'ledger:l3', 'event:e6'])
    const column = (row: string[], name: (typeof EVIDENCE_CSV_HEADER)[number]) => row[EVIDENCE_CSV_HEADER.indexOf(name)]
    const release = rows.find((r) => r[2] === 'l2')!
    expect([column(release, 'type'), column(release, 'milestone'), column(release, 'amount_cents'), column(release, 'held_cents')]).toEqual(['RELEASE', 'Design', '6000', '4000'])
    const funded = rows.find((r) => r[2] === 'e5')!
    expect([column(funded, 'actor_role'), column(funded, 'actor_name'), column(funded, 'actor_email'), column(funded, 'milestone_id')]).toEqual(['CLIENT', 'Alice Client', 'client@example.com', 'm-b'])
    expect(column(funded, 'data')).toBe('{"amountCents":25000,"depositCents":21000,"fromBalanceCents":4000,"milestoneId":"m-b","title":"Build"}')
    expect(column(rows.find((r) => r[2] === 'e6')!, 'actor_role')).toBe('SYSTEM')
  })

  it('writes a plan event’s changes as old → new lines in one cell, and defuses a formula anywhere', () => {
    const { csv } = bytesOf(scenario())
    const rows = parseCsv(csv.slice(1))
    const saved = rows.find((r) => r[2] === 'e2')!
    expect(saved[EVIDENCE_CSV_HEADER.indexOf('changes')]!.split('\n')).toEqual([
      'Changed amount of “Build” from $200.00 to $250.00',
      'Changed description of “Build” from “Old scope” to “New scope”',
      'Added “=HYPERLINK("http://evil.example")” ($150.00, due 2026-07-01) with description “Launch help”',
      'Removed “Extras”',
    ])
    const hostile = { ...scenario(), events: [{ id: 'e9', at: at(9), type: 'MILESTONE_FUNDED', actor: client, data: { milestoneId: 'm-z', title: '=1+1' } }] }
    const row = parseCsv(bytesOf(hostile).csv.slice(1)).find((r) => r[2] === 'e9')!
    expect(row[EVIDENCE_CSV_HEADER.indexOf('milestone')]).toBe("'=1+1")
    for (const field of parseCsv(bytesOf(hostile).csv.slice(1)).flat()) expect(field).not.toMatch(/^[=+\-@\t\r]/)
  })
})

describe('recordChangeLines', () => {
  it('counts positions over the whole plan and names both sides of every field', () => {
    expect(recordChangeLines({ kind: 'MOVED', id: 'x', title: 'X', from: 0, to: 2 }, 1)).toEqual(['Moved “X” from position 2 to 4'])
    expect(recordChangeLines({ kind: 'EDITED', id: 'x', title: 'X', fields: [{ field: 'dueDate', from: null, to: '2026-07-01' }, { field: 'title', from: 'W', to: 'X' }] }, 0)).toEqual([
      'Set due date of “X” to 2026-07-01',
      'Renamed “W” to “X”',
    ])
    expect(recordChangeLines({ kind: 'ADDED', to: 0, entry: { title: 'N', description: '', amountCents: usd(500), dueDate: null } }, 0)).toEqual(['Added “N” ($5.00)'])
  })
})
