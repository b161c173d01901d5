import { describe, expect, it } from 'vitest'
import { createContract } from '../../src/domain/create-contract'
import { CLIENT, EXPERT, NOW, entry, expectError, expectOk, makeCtx, usd } from './builders'

const create = (overrides: Partial<Parameters<typeof createContract>[0]> = {}) =>
  createContract({ clientId: CLIENT.userId, expertId: EXPERT.userId, title: 'Logo', milestones: [entry({ title: 'Sketch' })], ...overrides }, makeCtx())

describe('createContract', () => {
  it('opens a contract at plan version 1 with empty escrow and upcoming milestones', () => {
    const out = expectOk(create({ title: '  Logo  ' }))
    expect(out.contract).toMatchObject({
      id: 'id-1',
      title: 'Logo',
      status: 'OPEN',
      planVersion: 1,
      escrow: { depositedCents: 0, releasedCents: 0, refundedCents: 0, balanceCents: 0 },
      changeRequest: null,
      closeProposal: null,
      reviews: [],
      createdAt: NOW,
      closedAt: null,
    })
    expect(out.contract.milestones).toMatchObject([{ id: 'id-2', title: 'Sketch', state: 'UPCOMING', amountCents: 5000, dueDate: null }])
    expect(out.events).toEqual([{ type: 'CONTRACT_CREATED', actorRole: 'CLIENT', data: { milestoneCount: 1 } }])
    expect(out.ledger).toEqual([])
  })

  it('allows a contract with no milestones yet', () => {
    expect(expectOk(create({ milestones: [] })).contract.milestones).toEqual([])
  })

  it('refuses hiring yourself', () => {
    expectError(create({ expertId: CLIENT.userId }), 'VALIDATION_FAILED')
  })

  it.each(['', '   ', 'x'.repeat(201)])('refuses the title %j', (title) => {
    expectError(create({ title }), 'VALIDATION_FAILED')
  })

  it('accepts a 200-character title', () => {
    expect(create({ title: 'x'.repeat(200) }).ok).toBe(true)
  })

  it('validates the milestones like a plan: ids are refused, limits apply', () => {
    expectError(create({ milestones: [{ ...entry(), id: 'm-1' }] }), 'VALIDATION_FAILED')
    expectError(create({ milestones: [entry({ amountCents: usd(499) })] }), 'AMOUNT_BELOW_MINIMUM')
    expectError(create({ milestones: [entry({ dueDate: '2026-06-14' })] }), 'DUE_DATE_IN_PAST')
  })
})

describe('createContract with malformed input', () => {
  it('refuses a title that is not text and a plan that is not a list, without throwing', () => {
    expectError(create({ title: 42 as never }), 'VALIDATION_FAILED')
    expectError(create({ milestones: 'none' as never }), 'VALIDATION_FAILED')
  })
})
