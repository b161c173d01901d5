import { describe, expect, it } from 'vitest'
import { contractView } from '@/app/api/contracts/representations'
import { createApiScenario, expectOk, milestone, type ApiClient } from './api-client'
import { expectError } from './expectations'

const DAY = 86_400_000

/**
 * R15–R17 through the API (PRODUCT.md Part 2): the contract settings, submission with a message
 * and links, request changes, withdraw, extend the review, and deadline extension requests, with
 * the exact status, code and field the spec names. Time passing (auto-release, expiry) is in
 * tests/integration/review-window.test.ts, where the demo clock moves.
 */
export function describeRulesR15ToR17(apiClient: ApiClient) {
  describe(`R15–R17 through the API (${apiClient.kind})`, () => {
    it('contract settings: reviewDays and requestDays 1–30, defaults 14 and 7, in the representation', async () => {
      const { client, expert, contract } = await createApiScenario(apiClient)
      expect(contractView.parse(contract)).toMatchObject({ reviewDays: 14, requestDays: 7 })
      const create = (settings: Record<string, unknown>) =>
        apiClient.call({ as: client, method: 'POST', path: '/api/contracts', body: { title: 'Settings', expertEmail: expert.email, milestones: [milestone('One')], ...settings } })
      expect((await create({ reviewDays: 1, requestDays: 30 })).body).toMatchObject({ reviewDays: 1, requestDays: 30 })
      for (const [field, value] of [['reviewDays', 0], ['reviewDays', 31], ['reviewDays', 1.5], ['requestDays', 0], ['requestDays', '7']] as const) {
        const refused = await create({ [field]: value })
        expectError(refused, 422, 'VALIDATION_FAILED')
        expect(Object.keys(refused.body.error.details.fieldErrors)).toEqual([field])
      }
    })

    it('R15: submit needs a message (1–5,000) and at most 10 https links; the window is reviewDays long', async () => {
      const { client, expert, api } = await createApiScenario(apiClient)
      const id = contractView.parse((await api(client, 'GET')).body).milestones[0]!.id
      await expectOk(api(client, 'POST', `/milestones/${id}/fund`))
      const submit = (body: unknown) => api(expert, 'POST', `/milestones/${id}/submit`, body)
      for (const [body, field] of [
        [{}, 'message'],
        [{ message: '  ' }, 'message'],
        [{ message: 'x'.repeat(5001) }, 'message'],
        [{ message: 'ok', links: ['http://example.com'] }, 'links'],
        [{ message: 'ok', links: ['javascript:alert(1)'] }, 'links'],
        [{ message: 'ok', links: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}`) }, 'links'],
      ] as const) {
        const refused = await submit(body)
        expectError(refused, 422, 'VALIDATION_FAILED')
        expect(Object.keys(refused.body.error.details.fieldErrors), JSON.stringify(body).slice(0, 80)).toEqual([field])
      }
      expectError(await api(client, 'POST', `/milestones/${id}/submit`, { message: 'me?' }), 403, 'FORBIDDEN_FOR_ROLE')
      const view = contractView.parse(await expectOk(submit({ message: 'Designs are ready', links: ['https://figma.example/file'] })))
      const submission = view.milestones[0]!.submission!
      expect(submission).toMatchObject({ message: 'Designs are ready', links: ['https://figma.example/file'], extendedDays: 0 })
      expect(new Date(submission.reviewEndsAt).getTime() - new Date(submission.submittedAt).getTime()).toBe(14 * DAY)
      expect(view.allowedActions).toContain('WITHDRAW_SUBMISSION')
      const clientView = contractView.parse((await api(client, 'GET')).body)
      expect(clientView.allowedActions).toEqual(expect.arrayContaining(['RELEASE_PAYMENT', 'REQUEST_CHANGES', 'EXTEND_REVIEW']))
      expectError(await submit({ message: 'again' }), 409, 'MILESTONE_NOT_IN_PROGRESS')
    })

    it('R15: request changes, resubmit, extend once (1–14 days, with a reason), withdraw', async () => {
      const { client, expert, api } = await createApiScenario(apiClient)
      const id = contractView.parse((await api(client, 'GET')).body).milestones[0]!.id
      await expectOk(api(client, 'POST', `/milestones/${id}/fund`))
      expectError(await api(client, 'POST', `/milestones/${id}/request-changes`, { message: 'x' }), 409, 'NOT_SUBMITTED')
      expectError(await api(client, 'POST', `/milestones/${id}/extend-review`, { days: 2, reason: 'r' }), 409, 'NOT_SUBMITTED')
      expectError(await api(expert, 'POST', `/milestones/${id}/withdraw-submission`), 409, 'NOT_SUBMITTED')
      await expectOk(api(expert, 'POST', `/milestones/${id}/submit`, { message: 'First try' }))
      expectError(await api(client, 'POST', `/milestones/${id}/request-changes`, {}), 422, 'VALIDATION_FAILED')
      expectError(await api(expert, 'POST', `/milestones/${id}/request-changes`, { message: 'x' }), 403, 'FORBIDDEN_FOR_ROLE')
      const back = contractView.parse(await expectOk(api(client, 'POST', `/milestones/${id}/request-changes`, { message: 'Bigger logo' })))
      expect(back.milestones[0]).toMatchObject({ state: 'FUNDED', submission: null })

      await expectOk(api(expert, 'POST', `/milestones/${id}/submit`, { message: 'Second try' }))
      for (const body of [{ days: 0, reason: 'r' }, { days: 15, reason: 'r' }, { days: 2 }, { days: 2, reason: ' ' }]) {
        expectError(await api(client, 'POST', `/milestones/${id}/extend-review`, body), 422, 'VALIDATION_FAILED')
      }
      const before = contractView.parse((await api(client, 'GET')).body).milestones[0]!.submission!
      const extended = contractView.parse(await expectOk(api(client, 'POST', `/milestones/${id}/extend-review`, { days: 3, reason: 'Travelling' })))
      const after = extended.milestones[0]!.submission!
      expect(after.extendedDays).toBe(3)
      expect(new Date(after.reviewEndsAt).getTime() - new Date(before.reviewEndsAt).getTime()).toBe(3 * DAY)
      expect(extended.allowedActions).not.toContain('EXTEND_REVIEW')
      expectError(await api(client, 'POST', `/milestones/${id}/extend-review`, { days: 1, reason: 'again' }), 409, 'REVIEW_ALREADY_EXTENDED')

      const withdrawn = contractView.parse(await expectOk(api(expert, 'POST', `/milestones/${id}/withdraw-submission`)))
      expect(withdrawn.milestones[0]).toMatchObject({ state: 'FUNDED', submission: null })
    })

    it('R17: ask for 1–90 days with a reason on the milestone in progress with a due date; one pending; accept moves the date, decline keeps it', async () => {
      const { client, expert, api } = await createApiScenario(apiClient, [milestone('Design', 10_000, { dueDate: '2099-03-01' }), milestone('Build')])
      const [first, second] = contractView.parse((await api(client, 'GET')).body).milestones
      const ask = (mid: string, body: unknown) => api(expert, 'POST', `/milestones/${mid}/extension-requests`, body)
      expectError(await ask(first!.id, { days: 3, reason: 'r' }), 409, 'MILESTONE_NOT_IN_PROGRESS')
      await expectOk(api(client, 'POST', `/milestones/${first!.id}/fund`))
      for (const body of [{ days: 0, reason: 'r' }, { days: 91, reason: 'r' }, { days: 3 }, { days: 3, reason: '' }]) expectError(await ask(first!.id, body), 422, 'VALIDATION_FAILED')
      expectError(await ask(second!.id, { days: 3, reason: 'r' }), 409, 'MILESTONE_NOT_IN_PROGRESS')
      expectError(await api(client, 'POST', `/milestones/${first!.id}/extension-requests`, { days: 3, reason: 'r' }), 403, 'FORBIDDEN_FOR_ROLE')

      const asked = contractView.parse(await expectOk(ask(first!.id, { days: 5, reason: 'Waiting for assets' })))
      const request = asked.milestones[0]!.extensionRequest!
      expect(request).toMatchObject({ days: 5, reason: 'Waiting for assets' })
      expect(new Date(request.expiresAt).getTime() - new Date(request.requestedAt).getTime()).toBe(4 * DAY)
      expectError(await ask(first!.id, { days: 2, reason: 'more' }), 409, 'EXTENSION_REQUEST_PENDING')
      expect(contractView.parse((await api(client, 'GET')).body).allowedActions).toContain('ANSWER_EXTENSION')
      expectError(await api(expert, 'POST', `/extension-requests/${request.id}/accept`), 403, 'FORBIDDEN_FOR_ROLE')
      expectError(await api(client, 'POST', `/extension-requests/not-a-request/accept`), 409, 'NO_PENDING_EXTENSION_REQUEST')
      const accepted = contractView.parse(await expectOk(api(client, 'POST', `/extension-requests/${request.id}/accept`)))
      expect(accepted.milestones[0]).toMatchObject({ dueDate: '2099-03-06', extensionRequest: null })
      expectError(await api(client, 'POST', `/extension-requests/${request.id}/decline`), 409, 'NO_PENDING_EXTENSION_REQUEST')

      const again = contractView.parse(await expectOk(ask(first!.id, { days: 1, reason: 'One more day' })))
      const declined = contractView.parse(await expectOk(api(client, 'POST', `/extension-requests/${again.milestones[0]!.extensionRequest!.id}/decline`)))
      expect(declined.milestones[0]).toMatchObject({ dueDate: '2099-03-06', extensionRequest: null })
    })

    it('R17: a milestone without a due date has nothing to move', async () => {
      const { client, expert, api } = await createApiScenario(apiClient)
      const id = contractView.parse((await api(client, 'GET')).body).milestones[0]!.id
      await expectOk(api(client, 'POST', `/milestones/${id}/fund`))
      expectError(await api(expert, 'POST', `/milestones/${id}/extension-requests`, { days: 3, reason: 'r' }), 409, 'NO_DUE_DATE')
    })
  })
}
