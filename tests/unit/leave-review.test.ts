import { describe, expect, it } from 'vitest'
import { leaveReview } from '../../src/domain/leave-review'
import type { Contract } from '../../src/domain/types'
import { CLIENT, EXPERT, NOW, OUTSIDER, expectError, expectOk, makeContract, makeCtx } from './builders'

const closed = () => makeContract({ status: 'CLOSED', closedAt: NOW })
const byClient = (contract: Contract, input: Partial<Parameters<typeof leaveReview>[2]> = {}) =>
  leaveReview(contract, CLIENT, { rating: 5, timelinessRating: 4, comment: 'Great', ...input }, makeCtx())
const byExpert = (contract: Contract, input: Partial<Parameters<typeof leaveReview>[2]> = {}) =>
  leaveReview(contract, EXPERT, { rating: 4, comment: ' Clear brief ', ...input }, makeCtx())

describe('leaveReview (R12)', () => {
  it('each party reviews once after close', () => {
    const first = expectOk(byClient(closed()))
    expect(first.contract.reviews).toEqual([{ authorRole: 'CLIENT', rating: 5, timelinessRating: 4, comment: 'Great', createdAt: NOW }])
    expect(first.events).toEqual([{ type: 'REVIEW_LEFT', actorRole: 'CLIENT', data: { rating: 5, timelinessRating: 4 } }])
    const second = expectOk(byExpert(first.contract))
    expect(second.contract.reviews[1]).toMatchObject({ authorRole: 'EXPERT', timelinessRating: null, comment: 'Clear brief' })
    expectError(byClient(second.contract), 'ALREADY_REVIEWED')
    expectError(byExpert(second.contract), 'ALREADY_REVIEWED')
  })

  it('is refused before close and for outsiders', () => {
    expectError(byClient(makeContract()), 'CONTRACT_NOT_CLOSED')
    expectError(leaveReview(closed(), OUTSIDER, { rating: 5, comment: '' }, makeCtx()), 'NOT_FOUND')
  })

  it.each([0, 6, 3.5, Number.NaN, '5'])('refuses the rating %j', (rating) => {
    expectError(byClient(closed(), { rating: rating as number }), 'VALIDATION_FAILED')
  })

  it.each([1, 5])('accepts the rating %i', (rating) => {
    expect(byExpert(closed(), { rating }).ok).toBe(true)
  })

  it('the client must rate timeliness 1–5; the expert must not rate it', () => {
    expectError(byClient(closed(), { timelinessRating: null }), 'VALIDATION_FAILED')
    expectError(byClient(closed(), { timelinessRating: undefined }), 'VALIDATION_FAILED')
    expectError(byClient(closed(), { timelinessRating: 0 }), 'VALIDATION_FAILED')
    expectError(byClient(closed(), { timelinessRating: 6 }), 'VALIDATION_FAILED')
    expect(byClient(closed(), { timelinessRating: 1 }).ok).toBe(true)
    expectError(byExpert(closed(), { timelinessRating: 3 }), 'VALIDATION_FAILED')
    expect(byExpert(closed(), { timelinessRating: null }).ok).toBe(true)
  })

  it('a comment has at most 2000 characters and must be text', () => {
    expect(byExpert(closed(), { comment: 'x'.repeat(2000) }).ok).toBe(true)
    expectError(byExpert(closed(), { comment: 'x'.repeat(2001) }), 'VALIDATION_FAILED')
    expectError(byExpert(closed(), { comment: 7 as never }), 'VALIDATION_FAILED')
  })
})
