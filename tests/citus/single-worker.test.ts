import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import type { Cents } from '@/domain/money'
import { closeContract } from '@/server/contracts/close-contract'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { getContract } from '@/server/contracts/get-contract'
import { proposeChanges } from '@/server/contracts/propose-changes'
import { releasePayment } from '@/server/contracts/release-payment'
import { savePlan } from '@/server/contracts/save-plan'
import { submitWork } from '@/server/contracts/submit-work'
import { recordStatements } from '@/server/bench-record'
import type { Statement } from '@/server/bench-replay'
import { createContractScenario, entry } from '../factories'

// Runs only on a Citus cluster (`npm run test:citus`, project `citus`). Each command runs for real;
// its statements are then replayed inside a rolled-back transaction with Citus logging every
// command it sends to a worker, which tells how many workers the command touched.

/** The workers (host:port) the statements reach, replayed in one transaction that is rolled back. */
async function workersTouched(statements: Statement[]): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') })
  const workers = new Set<string>()
  // Citus logs "issuing <command>" with the detail "on server <user>@<host>:<port> connectionId: N".
  client.on('notice', (notice) => {
    const target = /on server \S*@(\S+:\d+)/.exec(notice.detail ?? '')?.[1]
    if (target && /issuing/i.test(notice.message ?? '')) workers.add(target)
  })
  await client.connect()
  try {
    await client.query('BEGIN')
    await client.query(`SET LOCAL citus.log_remote_commands = on`)
    await client.query(`SET LOCAL client_min_messages = log`)
    for (const s of statements) {
      if (/^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(s.text)) continue
      // Rows the command inserted exist now: a replayed INSERT fails after it was routed, which is
      // all this needs; the savepoint keeps the transaction usable for the next statement.
      await client.query('SAVEPOINT s')
      await client.query(s.text, s.values).catch(() => client.query('ROLLBACK TO SAVEPOINT s'))
    }
  } finally {
    await client.query('ROLLBACK').catch(() => {})
    await client.end()
  }
  const coordinator = `127.0.0.1:${new URL(inject('databaseUrl')).port}`
  workers.delete(coordinator)
  return workers
}

describe('on Citus every command of a contract stays on one worker', () => {
  it('read, save, request, fund, submit, release and close each touch exactly one worker', async () => {
    const { client, expert, contract } = await createContractScenario([entry({ title: 'Design' }), entry({ title: 'Build', amountCents: 20_000 as Cents })])
    const milestoneId = contract.milestones[0]!.id
    const commands: [string, () => Promise<unknown>][] = [
      ['read', () => getContract({ actor: client, contractId: contract.id })],
      ['save', () => savePlan({ actor: client, contractId: contract.id, baseVersion: contract.planVersion, milestones: [entry({ id: milestoneId, title: 'Design' }), entry({ id: contract.milestones[1]!.id, title: 'Build it' }), entry({ title: 'Ship' })] })],
      ['fund', () => fundMilestone({ actor: client, contractId: contract.id, milestoneId })],
      ['request', async () => proposeChanges({ actor: expert, contractId: contract.id, baseVersion: (await getContract({ actor: expert, contractId: contract.id })).planVersion, milestones: [], message: 'Drop the rest' })],
      ['submit', () => submitWork({ actor: expert, contractId: contract.id, milestoneId, message: 'Done' })],
      ['release', () => releasePayment({ actor: client, contractId: contract.id, milestoneId, amountCents: 4_000 as Cents, idempotencyKey: `release-${contract.id}` })],
      ['close', () => closeContract({ actor: client, contractId: contract.id, refundCents: 0 as Cents })],
    ]
    const touched: Record<string, number> = {}
    for (const [name, work] of commands) {
      touched[name] = (await workersTouched(await recordStatements(work))).size
    }
    console.log(`[citus] workers touched per command: ${JSON.stringify(touched)}`)
    expect(touched).toEqual({ read: 1, save: 1, fund: 1, request: 1, submit: 1, release: 1, close: 1 })
  })
})
