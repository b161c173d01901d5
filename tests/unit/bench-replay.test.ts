import { describe, expect, it } from 'vitest'
import { assertLockedTransaction, instantiate, parseWriteRequest, withTransactionControl, type ReplayTemplate, type Statement } from '@/server/bench-replay'

const CONTRACT = '9cf34118-da1e-4f95-b624-d2707b0c9658'
const MILESTONE = '9be8bc37-1653-467f-8369-3b14d0c547d9'
const USER = 'cmx7mwz2f0000og7d1thejgmv'
const LEDGER_ID = 'cmx7mwzw70000np7d09h4ce2s'
const ACTIVITY_ID = 'c2cae949-2dc3-44ff-ba3c-782ac7af44ae'
const TARGET = { contractId: '11111111-2222-4333-8444-555555555555', milestoneId: '66666666-7777-4888-8999-aaaaaaaaaaaa' }

const s = (text: string, ...values: unknown[]): Statement => ({ text, values })

describe('withTransactionControl: the replay runs in the transaction the app ran', () => {
  const prismaFund = [s('SELECT "offsetMs" FROM "AppClock"'), s('SELECT 1 FROM "Contract" WHERE "id" = $1 FOR UPDATE', CONTRACT), s('UPDATE "Contract" SET x = 1'), s('COMMIT')]

  it('puts BEGIN right before the row lock when only the COMMIT was recorded (Prisma)', () => {
    expect(withTransactionControl(prismaFund).map((x) => x.text.split(' ')[0])).toEqual(['SELECT', 'BEGIN', 'SELECT', 'UPDATE', 'COMMIT'])
  })

  it('keeps a recorded BEGIN, and leaves statements without a transaction as they are', () => {
    const explicit = [s('BEGIN'), ...prismaFund.slice(1)]
    expect(withTransactionControl(explicit)).toEqual(explicit)
    const read = [s('SELECT * FROM "Contract"'), s('SELECT "offsetMs" FROM "AppClock"')]
    expect(withTransactionControl(read)).toEqual(read)
  })

  it('refuses a write whose row lock is not inside BEGIN … COMMIT', () => {
    expect(() => assertLockedTransaction('fund', withTransactionControl(prismaFund))).not.toThrow()
    expect(() => assertLockedTransaction('fund', prismaFund)).toThrow(/fund: no row lock inside BEGIN/)
    expect(() => assertLockedTransaction('fund', [s('BEGIN'), s('UPDATE "Contract" SET x = 1'), s('COMMIT')])).toThrow(/no row lock/)
    expect(() => assertLockedTransaction('fund', [s('SELECT 1 FOR UPDATE'), s('BEGIN'), s('COMMIT')])).toThrow(/no row lock/)
  })
})

describe('instantiate: one request of a template on its own target', () => {
  const template: ReplayTemplate = {
    contractId: CONTRACT,
    milestoneId: MILESTONE,
    keepIds: [USER],
    freshNumbers: [1_000_001],
    statements: [
      s('SELECT 1 FROM "Contract" WHERE "id" = $1 FOR UPDATE', CONTRACT),
      s('UPDATE "Milestone" SET ... FROM jsonb_to_recordset($1)', JSON.stringify([{ id: MILESTONE, state: 'FUNDED' }]), CONTRACT),
      s('UPDATE "Contract" SET "planVersion" = $1', 1_000_001),
      s('INSERT INTO "PlanVersion" VALUES ($1, $2, $3)', CONTRACT, '1000001', USER),
      s('INSERT INTO "LedgerEntry" VALUES ($1, $2, $3, $4, $5)', LEDGER_ID, CONTRACT, MILESTONE, 'DEPOSIT', '1000'),
      s('INSERT INTO "ActivityEvent" VALUES ($1, $2, $3)', ACTIVITY_ID, CONTRACT, `{"milestoneId":"${MILESTONE}"}`),
      s('SELECT $1', ACTIVITY_ID, [ACTIVITY_ID, USER], true, null, 2),
    ],
  }
  let number = 5_000
  const next = () => ++number

  it('acts on the target contract and milestone, also inside JSON and text parameters', () => {
    const [lock, milestones, , , ledger, activity] = instantiate(template, TARGET, next)
    expect(lock!.values).toEqual([TARGET.contractId])
    expect(JSON.parse(milestones!.values[0] as string)).toEqual([{ id: TARGET.milestoneId, state: 'FUNDED' }])
    expect(ledger!.values.slice(1, 3)).toEqual([TARGET.contractId, TARGET.milestoneId])
    expect(activity!.values[2]).toBe(`{"milestoneId":"${TARGET.milestoneId}"}`)
    expect(JSON.stringify(instantiate(template, TARGET, next))).not.toContain(CONTRACT)
  })

  it('keeps user ids and plain values, gives every other id a fresh one, the same one throughout a request', () => {
    const first = instantiate(template, TARGET, next)
    const [, , , version, ledger, activity, echo] = first
    expect(version!.values[2]).toBe(USER)
    expect(ledger!.values[0]).toMatch(/^c[0-9a-z]{24}$/)
    expect(ledger!.values[0]).not.toBe(LEDGER_ID)
    expect(ledger!.values.slice(3)).toEqual(['DEPOSIT', '1000'])
    expect(activity!.values[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(activity!.values[0]).not.toBe(ACTIVITY_ID)
    expect(echo!.values).toEqual([activity!.values[0], [activity!.values[0], USER], true, null, 2])
    const second = instantiate(template, TARGET, next)
    expect(second[4]!.values[0]).not.toBe(ledger!.values[0])
    expect(second[5]!.values[0]).not.toBe(activity!.values[0])
  })

  it('gives the fresh numbers a new value per request, as a number or a numeric string as recorded', () => {
    const a = instantiate(template, TARGET, next)
    const b = instantiate(template, TARGET, next)
    expect(a[2]!.values[0]).toBeTypeOf('number')
    expect(a[3]!.values[1]).toBe(String(a[2]!.values[0]))
    expect(b[2]!.values[0]).toBe((a[2]!.values[0] as number) + 1)
    expect(template.statements[2]!.values[0]).toBe(1_000_001)
  })
})

describe('parseWriteRequest', () => {
  it('accepts a fund or a release on a contract and milestone, nothing else', () => {
    expect(parseWriteRequest({ op: 'fund', contractId: 'c', milestoneId: 'm', extra: 1 })).toEqual({ op: 'fund', contractId: 'c', milestoneId: 'm' })
    expect(parseWriteRequest({ op: 'release', contractId: 'c', milestoneId: 'm' })?.op).toBe('release')
    for (const bad of [null, 'x', {}, { op: 'refund', contractId: 'c', milestoneId: 'm' }, { op: 'fund', contractId: 1, milestoneId: 'm' }, { op: 'fund', contractId: 'c' }]) {
      expect(parseWriteRequest(bad)).toBeNull()
    }
  })
})
