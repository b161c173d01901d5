import { describe, expect, it, vi } from 'vitest'
import { callApi, createApiScenario, createApiUser, expectOk, milestone, stateOf } from './harness'

vi.mock('@/server/auth/session', () => import('./session-mock'))

// Titles, descriptions and messages refuse control characters and the bidirectional controls that
// make text display in another order than it is stored ("Trojan Source"): 422 VALIDATION_FAILED,
// naming the field in details, nothing stored. Right-to-left text itself is welcome.

const RLO = '\u202E'
const BAD = [
  ['right-to-left override', `Pay ${RLO}05$`],
  ['left-to-right isolate', 'a\u2066b\u2069'],
  ['bell', 'ding\u0007'],
  ['escape', '\u001b[31mred'],
  ['C1 control', 'x\u0085y'],
] as const

describe('text fields refuse control and bidi-override characters', () => {
  it.each(BAD)('a contract title with a %s is 422 naming "title"', async (_name, title) => {
    const [client, expert] = await Promise.all([createApiUser('Client'), createApiUser('Expert')])
    const response = await callApi({ as: client, method: 'POST', path: '/api/contracts', body: { title, expertEmail: expert.email, milestones: [] } })
    expect(response.status).toBe(422)
    expect(response.body.error.code).toBe('VALIDATION_FAILED')
    expect(response.body.error.details.fieldErrors.title).toEqual([expect.stringMatching(/^Title cannot contain/)])
  })

  it('a milestone title, a description and a request message are refused the same way, and nothing is stored', async () => {
    const s = await createApiScenario()
    const before = await stateOf(s.id, [s.client.userId, s.expert.userId])
    const plan = [milestone('Design')]
    const cases = [
      { call: s.api(s.client, 'PUT', '/milestones', { baseVersion: 1, milestones: [milestone(`Design ${RLO}`)] }), field: 'milestones', label: 'Title' },
      { call: s.api(s.client, 'PUT', '/milestones', { baseVersion: 1, milestones: [milestone('Design', 10_000, { description: `a\u0000b` })] }), field: 'milestones', label: 'Description' },
      { call: s.api(s.client, 'PUT', '/milestones', { baseVersion: 1, milestones: [milestone('Design', 10_000, { description: `see ${RLO}fdp.exe` })] }), field: 'milestones', label: 'Description' },
      { call: s.api(s.expert, 'POST', '/change-requests', { baseVersion: 1, milestones: plan, message: `ok${RLO}` }), field: 'message', label: 'Message' },
    ]
    for (const { call, field, label } of cases) {
      const response = await call
      expect(response.status, field).toBe(422)
      const messages: string[] = response.body.error.details.fieldErrors[field]
      expect(messages.length).toBeGreaterThan(0)
      for (const message of messages) expect(message).toMatch(new RegExp(`^${label} cannot contain`))
    }
    expect(await stateOf(s.id, [s.client.userId, s.expert.userId])).toEqual(before)
  })

  it('a decline reason and a review comment are refused too', async () => {
    const s = await createApiScenario()
    await expectOk(s.api(s.expert, 'POST', '/change-requests', { baseVersion: 1, milestones: [milestone('Other')], message: 'Please' }))
    const view = await expectOk(s.api(s.client, 'GET'))
    const declined = await s.api(s.client, 'POST', `/change-requests/${view.changeRequest.id}/decline`, { reason: `no${RLO}` })
    expect(declined.status).toBe(422)
    expect(declined.body.error.details.fieldErrors.reason).toEqual([expect.stringMatching(/^Reason cannot contain/)])

    await expectOk(s.api(s.expert, 'POST', `/change-requests/${view.changeRequest.id}/withdraw`))
    await expectOk(s.api(s.client, 'POST', '/close', {}))
    const review = await s.api(s.client, 'POST', '/reviews', { rating: 5, timelinessRating: 5, comment: `great\u0007` })
    expect(review.status).toBe(422)
    expect(review.body.error.details.fieldErrors.comment).toEqual([expect.stringMatching(/^Comment cannot contain/)])
  })

  it('keeps what is legitimate: right-to-left text and its marks, line breaks and tabs in multi-line fields', async () => {
    const [client, expert] = await Promise.all([createApiUser('Client'), createApiUser('Expert')])
    const created = await callApi({
      as: client,
      method: 'POST',
      path: '/api/contracts',
      body: { title: 'עיצוב לוגו \u200F(שלב 1)', expertEmail: expert.email, milestones: [milestone('تصميم', 10_000, { description: 'Line one\n\tLine two\r\nLine three' })] },
    })
    expect(created.status).toBe(201)
    expect(created.body.milestones[0].description).toBe('Line one\n\tLine two\r\nLine three')
  })

  it('a line break or tab in a title is refused: a title is one line', async () => {
    const [client, expert] = await Promise.all([createApiUser('Client'), createApiUser('Expert')])
    for (const title of ['Two\nlines', 'Tab\there', 'Para\u2029graph']) {
      const response = await callApi({ as: client, method: 'POST', path: '/api/contracts', body: { title, expertEmail: expert.email } })
      expect(response.status, JSON.stringify(title)).toBe(422)
    }
  })
})
