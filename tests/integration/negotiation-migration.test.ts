import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { demoDataBefore } from '../setup/demo-copy'

// R20: plan history must never be empty, also for contracts made before it existed. A copy of the
// demo data in the schema before the negotiation migration, migrated forward.

const MIGRATION = '20261203130000_negotiation'
const TABLES = ['User', 'Contract', 'Milestone', 'ChangeRequest', 'LedgerEntry', 'ActivityEvent', 'Review']

let bed: Awaited<ReturnType<typeof demoDataBefore>>
let db: pg.Client

beforeAll(async () => {
  bed = await demoDataBefore(inject('serverUrl'), MIGRATION, TABLES)
  db = bed.client
  expect(await bed.migrateThrough()).toEqual([MIGRATION])
}, 120_000)

afterAll(async () => {
  await bed?.done()
})

describe(`${MIGRATION} on a copy of the demo data`, () => {
  it('gives every contract exactly its current plan version, with the whole plan as it is', async () => {
    const { rows } = await db.query<{ id: string; planVersion: number; versions: { version: number; reason: string; actorId: string | null; milestones: unknown[] }[]; clientId: string; plan: unknown[] }>(`
      SELECT c.id, c."planVersion", c."clientId",
        (SELECT jsonb_agg(jsonb_build_object('version', v.version, 'reason', v.reason, 'actorId', v."actorId", 'milestones', v.milestones)) FROM "PlanVersion" v WHERE v."contractId" = c.id) AS versions,
        (SELECT jsonb_agg(jsonb_build_object('id', m.id, 'title', m.title, 'state', m.state, 'amountCents', m."amountCents") ORDER BY m.position) FROM "Milestone" m WHERE m."contractId" = c.id) AS plan
      FROM "Contract" c`)
    expect(rows.length).toBeGreaterThanOrEqual(4)
    for (const contract of rows) {
      expect(contract.versions, contract.id).toHaveLength(1)
      const [version] = contract.versions
      expect(version!.version).toBe(contract.planVersion)
      expect(version!.reason).toBe(contract.planVersion === 1 ? 'CREATED' : 'RECORDED')
      expect(version!.actorId).toBe(contract.planVersion === 1 ? contract.clientId : null)
      expect(version!.milestones.map((m) => ({ id: (m as { id: string }).id, title: (m as { title: string }).title, state: (m as { state: string }).state, amountCents: (m as { amountCents: number }).amountCents }))).toEqual(contract.plan)
    }
    // Every demo contract funded a milestone, so none is still at version 1: the RECORDED path ran.
    expect(rows.some((c) => c.planVersion > 1)).toBe(true)
  })

  it('keeps every change request, as the expert’s, with no earlier rounds', async () => {
    const { rows } = await db.query<{ authorRole: string; rounds: unknown[]; status: string }>(`SELECT "authorRole", rounds, status FROM "ChangeRequest"`)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => r.authorRole === 'EXPERT' && r.rounds.length === 0)).toBe(true)
    expect(rows.some((r) => r.status === 'PENDING')).toBe(true)
  })

  it('keys plan versions by ("contractId", "version") through the contract', async () => {
    const { rows } = await db.query<{ def: string }>(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = '"PlanVersion"'::regclass AND contype IN ('p', 'f') ORDER BY conname`)
    expect(rows.map((r) => r.def)).toEqual([
      'FOREIGN KEY ("actorId") REFERENCES "User"(id) ON DELETE SET NULL',
      'FOREIGN KEY ("contractId") REFERENCES "Contract"(id) ON DELETE CASCADE',
      'PRIMARY KEY ("contractId", version)',
    ])
  })
})
