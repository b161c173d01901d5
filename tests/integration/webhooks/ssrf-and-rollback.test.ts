import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { getDb } from '@/server/db/client'
import { createWebhook, updateWebhook } from '@/server/webhooks/endpoints'
import type { Resolver } from '@/server/webhooks/url-policy'
import { createContractScenario } from '../../factories'
import { deliveriesOf, runDueAttempts } from './helpers'
import { startReceiver, type Receiver } from './receiver'

// The production default: WEBHOOK_ALLOW_PRIVATE off.
vi.hoisted(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE = '0'
})
afterAll(() => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE
})

const db = getDb()
let receiver: Receiver
beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(() => receiver.stop())

/** A resolver whose answers the test changes, as a rebinding DNS server would. */
function switchableResolver(first: string) {
  const answer = { address: first }
  const resolve: Resolver = async () => [{ address: answer.address, family: answer.address.includes(':') ? 6 : 4 }]
  return { answer, resolve }
}

describe('R23 SSRF guard (WEBHOOK_ALLOW_PRIVATE off)', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'https://127.0.0.1/hook',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://10.0.0.8/hook',
    'https://192.168.0.10/hook',
    'https://[fd00::1]/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://[fe80::1]/hook',
    'https://localhost/hook',
  ])('refuses to register %s with 422 VALIDATION_FAILED on the url field, and stores nothing', async (url) => {
    const { client } = await createContractScenario([])
    const refusal = await createWebhook({ actor: client, url }).catch((error: unknown) => error)
    expect(refusal).toMatchObject({ code: 'VALIDATION_FAILED', details: { fieldErrors: { url: [expect.any(String)] } } })
    expect(await db.webhookEndpoint.count({ where: { userId: client.userId } })).toBe(0)
  })

  it('refuses a name that resolves to a private address, at registration and when the URL changes', async () => {
    const { client } = await createContractScenario([])
    const dns = switchableResolver('10.1.2.3')
    await expect(createWebhook({ actor: client, url: 'https://hooks.example.test/' }, { resolve: dns.resolve })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    dns.answer.address = '93.184.216.34'
    const webhook = await createWebhook({ actor: client, url: 'https://hooks.example.test/' }, { resolve: dns.resolve })
    await expect(updateWebhook({ actor: client, webhookId: webhook.id, url: 'https://[::ffff:a00:1]/' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('checks the resolved address again at send time: a name rebound to loopback after registration is not contacted', async () => {
    const s = await createContractScenario()
    const dns = switchableResolver('93.184.216.34')
    const webhook = await createWebhook({ actor: s.client, url: `https://rebind.example.test:${receiver.port}/hook` }, { resolve: dns.resolve })
    await fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId: s.contract.milestones[0]!.id })
    dns.answer.address = '127.0.0.1'
    expect(await runDueAttempts(webhook.id, new Date(), { resolve: dns.resolve })).toEqual(['RETRY'])
    const [delivery] = await deliveriesOf(webhook.id)
    expect(delivery!.log[0]).toMatchObject({ status: 'FAILED', responseCode: null, durationMs: 0, error: expect.stringMatching(/^Not sent: .*loopback address \(127\.0\.0\.1\)/) })
    expect(receiver.received).toEqual([])
  })
})

describe('R23 deliveries belong to the command’s transaction', () => {
  const trigger = 'webhook_test_refuse_email'
  afterAll(async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON "Job"`)
    await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${trigger}()`)
  })

  it('a command that rolls back writes no delivery and sends nothing', async () => {
    const s = await createContractScenario()
    const dns = switchableResolver('93.184.216.34')
    const webhook = await createWebhook({ actor: s.client, url: 'https://hooks.example.test/' }, { resolve: dns.resolve })
    const expert = await db.user.findUniqueOrThrow({ where: { id: s.expert.userId } })
    // Fails the command's email to this expert, written after the activity, the webhook deliveries
    // and their jobs: the whole transaction must roll back. "Job" is local to a Citus coordinator,
    // so the trigger works there too (distributed tables take none).
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION ${trigger}() RETURNS trigger AS $$
      BEGIN IF NEW."kind" = 'EMAIL' AND NEW."payload"->>'to' = '${expert.email}' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`)
    await db.$executeRawUnsafe(`CREATE TRIGGER ${trigger} BEFORE INSERT ON "Job" FOR EACH ROW EXECUTE FUNCTION ${trigger}()`)
    const milestoneId = s.contract.milestones[0]!.id
    await expect(fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId })).rejects.toThrow(/refused by test/)
    await db.$executeRawUnsafe(`DROP TRIGGER ${trigger} ON "Job"`)
    expect(await db.activityEvent.count({ where: { contractId: s.contract.id, type: 'MILESTONE_FUNDED' } })).toBe(0)
    expect(await deliveriesOf(webhook.id)).toEqual([])
    expect(await db.job.count({ where: { contractId: s.contract.id, kind: 'WEBHOOK' } })).toBe(0)
    // The same command committing writes exactly one delivery, and its job.
    await fundMilestone({ actor: s.client, contractId: s.contract.id, milestoneId })
    expect((await deliveriesOf(webhook.id)).map((d) => d.eventType)).toEqual(['MILESTONE_FUNDED'])
    expect(await db.job.count({ where: { contractId: s.contract.id, kind: 'WEBHOOK' } })).toBe(1)
  })
})
