import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { limitApiWrite, limitNewCounterpart, subjectOf, WRITES_PER_MINUTE_DEFAULT, INVITES_PER_HOUR_DEFAULT } from '@/server/api-rate-limit'
import { createContract } from '@/server/contracts/create-contract'
import { EdgeError } from '@/server/errors'
import { createUser, entry } from '../factories'
import { createTestDb } from '../setup/db'

// The per-caller limits of the API's writes, with small limits (the route wiring with the
// defaults is driven over HTTP by tests/reliability/production-start.test.ts).

const db = createTestDb()
afterAll(() => db.$disconnect())
const ENV = { WRITE_RATE_LIMIT_PER_MINUTE: 3, INVITE_RATE_LIMIT_PER_HOUR: 2 }

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e)
  return error instanceof EdgeError ? { code: error.code, retryAfterSeconds: error.retryAfterSeconds } : error
}

describe('limitApiWrite', () => {
  it('allows the limit per minute per user, then RATE_LIMITED with Retry-After', async () => {
    const subject = subjectOf({ userId: randomUUID() })
    for (let i = 0; i < 3; i++) await limitApiWrite({ db, subject, env: ENV })
    expect(await refusal(limitApiWrite({ db, subject, env: ENV }))).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) })
    expect(await refusal(limitApiWrite({ db, subject: subjectOf({ userId: randomUUID() }), env: ENV }))).toBeNull()
  })

  it('keys a token apart from its user, so a token id plugs in as its own bucket', async () => {
    const userId = randomUUID()
    expect(subjectOf({ userId })).toEqual({ kind: 'user', id: userId })
    expect(subjectOf({ userId, tokenId: 'tok_1' })).toEqual({ kind: 'token', id: 'tok_1' })
    for (let i = 0; i < 3; i++) await limitApiWrite({ db, subject: subjectOf({ userId }), env: ENV })
    expect(await refusal(limitApiWrite({ db, subject: subjectOf({ userId, tokenId: randomUUID() }), env: ENV }))).toBeNull()
  })

  it('defaults: 120 writes a minute, 10 contracts with new counterparts an hour', () => {
    expect(WRITES_PER_MINUTE_DEFAULT).toBe(120)
    expect(INVITES_PER_HOUR_DEFAULT).toBe(10)
  })
})

describe('limitNewCounterpart (contracts that email strangers)', () => {
  it('counts only experts the client never had a contract with, and refuses past the hourly limit', async () => {
    const client = await createUser({ name: 'Inviter' })
    const known = await createUser({ name: 'Known' })
    await createContract({ actor: client, title: 'Earlier', expertEmail: known.email, milestones: [entry()] })
    const subject = subjectOf(client)
    const invite = (expertEmail: string) => limitNewCounterpart({ db, subject, clientId: client.userId, expertEmail, env: ENV })

    expect(await refusal(invite(`stranger-${randomUUID()}@test.tranche`))).toBeNull()
    expect(await refusal(invite(`stranger-${randomUUID()}@test.tranche`))).toBeNull()
    expect(await refusal(invite(`stranger-${randomUUID()}@test.tranche`))).toMatchObject({ code: 'RATE_LIMITED' })
    // Someone the client worked with is no stranger, however spelled, also past the limit.
    expect(await refusal(invite(known.email.toUpperCase()))).toBeNull()
  })

  it('an expert who hired this client before is no stranger either', async () => {
    const [client, former] = await Promise.all([createUser(), createUser()])
    await createContract({ actor: former, title: 'The other way round', expertEmail: client.email, milestones: [entry()] })
    const subject = subjectOf(client)
    for (let i = 0; i < 5; i++) expect(await refusal(limitNewCounterpart({ db, subject, clientId: client.userId, expertEmail: former.email, env: ENV }))).toBeNull()
  })
})
