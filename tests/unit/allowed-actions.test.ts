import { describe, expect, it } from 'vitest'
import { allowedActions } from '../../src/domain/allowed-actions'
import { CLIENT, EXPERT, NOW, OUTSIDER, makeContract, makeFunded, makeMilestone, makeReleased, usd } from './builders'

const request = { id: 'r1', authorRole: 'EXPERT' as const, message: '', baseVersion: 3, createdAt: NOW, milestones: [], rounds: [] }
const proposal = { refundCents: usd(0), proposedAt: NOW }

describe('allowedActions', () => {
  it('an outsider may do nothing', () => {
    expect(allowedActions(makeContract(), OUTSIDER.userId, NOW)).toEqual([])
  })

  it('a fresh contract: the client edits, funds and closes; the expert proposes changes and closes', () => {
    const contract = makeContract()
    expect(allowedActions(contract, CLIENT.userId, NOW)).toEqual(['EDIT_PLAN', 'FUND_MILESTONE', 'CLOSE'])
    expect(allowedActions(contract, EXPERT.userId, NOW)).toEqual(['PROPOSE_CHANGES', 'CLOSE'])
  })

  it('with a milestone in progress: release and propose close for the client, submit for the expert, a dispute for both', () => {
    const contract = makeContract({ milestones: [makeFunded(), makeMilestone()] })
    expect(allowedActions(contract, CLIENT.userId, NOW)).toEqual(['EDIT_PLAN', 'RELEASE_PAYMENT', 'PROPOSE_CLOSE', 'OPEN_DISPUTE'])
    expect(allowedActions(contract, EXPERT.userId, NOW)).toEqual(['PROPOSE_CHANGES', 'SUBMIT_WORK', 'CLOSE', 'OPEN_DISPUTE'])
    const submitted = makeContract({ milestones: [makeFunded({ state: 'SUBMITTED' })] })
    expect(allowedActions(submitted, EXPERT.userId, NOW)).toEqual(['PROPOSE_CHANGES', 'CLOSE', 'OPEN_DISPUTE'])
  })

  it('with a change request pending that touches the next milestone', () => {
    const contract = makeContract({ changeRequest: request })
    expect(allowedActions(contract, CLIENT.userId, NOW)).toEqual(['REVIEW_CHANGES', 'COUNTER_CHANGES', 'CLOSE'])
    expect(allowedActions(contract, EXPERT.userId, NOW)).toEqual(['WITHDRAW_CHANGES', 'CLOSE'])
  })

  it('with the client’s counter pending: the expert reviews or counters it, the client may withdraw it (R18)', () => {
    const contract = makeContract({ changeRequest: { ...request, authorRole: 'CLIENT' } })
    expect(allowedActions(contract, CLIENT.userId, NOW)).toEqual(['WITHDRAW_CHANGES', 'CLOSE'])
    expect(allowedActions(contract, EXPERT.userId, NOW)).toEqual(['REVIEW_CHANGES', 'COUNTER_CHANGES', 'CLOSE'])
  })

  it('with a close proposal pending', () => {
    const contract = makeContract({ milestones: [makeFunded(), makeMilestone()], closeProposal: proposal })
    expect(allowedActions(contract, CLIENT.userId, NOW)).toEqual(['EDIT_PLAN'])
    expect(allowedActions(contract, EXPERT.userId, NOW)).toEqual(['PROPOSE_CHANGES', 'SUBMIT_WORK', 'ACCEPT_CLOSE', 'DECLINE_CLOSE'])
  })

  it('with only balance held and nothing upcoming: propose close, no funding', () => {
    const contract = makeContract({ milestones: [makeReleased({ amountCents: usd(1_000), releasedCents: usd(500) })] })
    expect(allowedActions(contract, CLIENT.userId, NOW)).toEqual(['EDIT_PLAN', 'PROPOSE_CLOSE'])
  })

  it('closed: each party may review once', () => {
    const closed = makeContract({ status: 'CLOSED', closedAt: NOW })
    expect(allowedActions(closed, CLIENT.userId, NOW)).toEqual(['LEAVE_REVIEW'])
    const reviewed = { ...closed, reviews: [{ authorRole: 'CLIENT' as const, rating: 5, timelinessRating: 5, comment: '', createdAt: NOW }] }
    expect(allowedActions(reviewed, CLIENT.userId, NOW)).toEqual([])
    expect(allowedActions(reviewed, EXPERT.userId, NOW)).toEqual(['LEAVE_REVIEW'])
  })
})
