import { expect, test } from '@playwright/test'
import { expectAccessible } from './axe'
import { CLIENT, EXPERT, getContract, loginAs, newSession, proposeChanges, screenshot, uniqueTitle, upcoming, type Contract } from './fixtures'

const HOUR = 3_600_000

test('R19: a change request unanswered for requestDays expires when the demo clock passes it', async ({ page, browser }) => {
  await loginAs(page, CLIENT)
  const created = await page.request.post('/api/contracts', {
    headers: { 'Content-Type': 'application/json' },
    data: { title: uniqueTitle('Expiry'), expertEmail: EXPERT, requestDays: 1, milestones: [{ title: 'Only', amountCents: 10_000 }] },
  })
  expect(created.status()).toBe(201)
  const contract = (await created.json()) as Contract & { requestDays: number }
  expect(contract.requestDays).toBe(1)
  const expert = await newSession(browser, EXPERT)
  await proposeChanges(expert.page, contract, [{ ...upcoming(contract)[0]!, amountCents: 12_000 }], 'A bit more, please.')

  await page.goto(`/contracts/${contract.id}`)
  await expect(page.getByRole('heading', { name: 'Bob Expert proposed changes to the milestones' })).toBeVisible()

  // Not yet: 23 hours on, the request still waits.
  const early = await page.request.post('/api/dev/clock', { headers: { 'Content-Type': 'application/json' }, data: { advanceMs: 23 * HOUR } })
  expect(early.status()).toBe(200)
  await page.waitForTimeout(3_000)
  expect((await getContract(page, contract.id)).changeRequest).not.toBeNull()

  // A day and a bit after it was made, the worker expires it: no request, the plan as it was.
  await page.request.post('/api/dev/clock', { headers: { 'Content-Type': 'application/json' }, data: { advanceMs: 2 * HOUR } })
  await expect.poll(async () => (await getContract(page, contract.id)).changeRequest, { timeout: 20_000 }).toBeNull()
  expect((await getContract(page, contract.id)).milestones.map((m) => m.amountCents)).toEqual([10_000])

  await page.reload()
  await expect(page.getByRole('heading', { name: /proposed changes to the milestones/ })).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'Activity' }).getByText('expired the change request: no answer within 1 day')).toBeVisible()
  await page.goto(`/contracts/${contract.id}/review`)
  await expect(page.getByRole('heading', { name: 'No updates to review' })).toBeVisible()
  await screenshot(page, 'review-updates-expired-client')
  await expectAccessible(page, 'review updates after expiry')

  // Both parties were emailed.
  await expert.page.goto('/dev/mailbox')
  await expect(expert.page.getByText(`Milestone updates on “${contract.title}” expired unanswered`)).toHaveCount(2)
  await expert.context.close()
})
