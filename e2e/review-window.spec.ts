import { expect, test, type Page } from '@playwright/test'
import { expectAccessible } from './axe'
import { CLIENT, EXPERT, createContract, fundMilestone, getContract, loginAs, newSession, screenshot, uniqueTitle } from './fixtures'

// R15–R17 in the browser: submit with a message, request changes, resubmit, the demo clock runs the
// window out and the payment releases itself (emails in the dev mailbox); an extension asked and
// accepted; one that expires. The server is a demo (scripts/e2e-server.mjs), so POST
// /api/dev/clock moves the application clock for it.

const DAY = 86_400_000
const milestone = (page: Page, title: string) => page.getByRole('article', { name: new RegExp(title) })

async function advanceClock(page: Page, advanceMs: number) {
  const response = await page.request.post('/api/dev/clock', { data: { advanceMs }, headers: { 'Content-Type': 'application/json' } })
  expect(response.status()).toBe(200)
}

type Milestone = { state: string; dueDate: string | null; extensionRequest: unknown }
async function milestoneOf(page: Page, contractId: string): Promise<Milestone> {
  const contract = (await getContract(page, contractId)) as unknown as { milestones: Milestone[] }
  return contract.milestones[0]!
}

test('submit → request changes → resubmit → the window runs out → released automatically, both emailed', async ({ page, browser }) => {
  await loginAs(page, CLIENT)
  const title = uniqueTitle('Review window')

  // The New contract form sets the review window.
  await page.goto('/contracts/new')
  await page.getByLabel('Contract title').fill(title)
  await page.getByLabel("Expert's email").fill(EXPERT)
  await page.getByLabel('Review window (days)').fill('2')
  await page.getByLabel('Title', { exact: true }).fill('Landing page')
  await page.getByLabel('Amount (USD)').fill('300')
  await screenshot(page, 'new-contract-settings')
  await expectAccessible(page, 'new contract form with settings')
  await page.getByRole('button', { name: 'Create contract' }).click()
  await page.waitForURL((url) => /^\/contracts\/(?!new$)[^/]+$/.test(url.pathname))
  const contractId = page.url().split('/').pop()!
  const created = await getContract(page, contractId)
  expect(created).toMatchObject({ reviewDays: 2, requestDays: 7 })
  await fundMilestone(page, contractId, created.milestones[0]!.id)

  // The expert submits with a message and a link.
  const expert = await newSession(browser, EXPERT)
  await expert.page.goto(`/contracts/${contractId}`)
  await milestone(expert.page, 'Landing page').getByRole('button', { name: 'Submit work' }).click()
  await expert.page.getByLabel('Message to the client').fill('First version is live on staging.')
  await expert.page.getByLabel('Links (optional, one per line)').fill('https://staging.example.com/landing')
  await milestone(expert.page, 'Landing page').getByRole('button', { name: 'Submit work' }).click()
  await expect(milestone(expert.page, 'Landing page').getByText(/Releases automatically on .* unless the client acts/)).toBeVisible()

  // The client sees the countdown and the three choices, and requests changes.
  await page.reload()
  const card = milestone(page, 'Landing page')
  await expect(card.getByText(/Releases automatically on .* unless you act/)).toBeVisible()
  await expect(card.getByText(/^(1 day, 23 hours|2 days) left/)).toBeVisible()
  await expect(card.getByRole('link', { name: 'https://staging.example.com/landing' })).toBeVisible()
  for (const name of ['Release payment', 'Request changes', 'Extend review']) await expect(card.getByRole('button', { name })).toBeVisible()
  await screenshot(page, 'workspace-review-window-client')
  await expectAccessible(page, 'workspace with a review window as client')
  await page.setViewportSize({ width: 375, height: 800 })
  await card.scrollIntoViewIfNeeded()
  await screenshot(page, 'workspace-review-window-client-375')
  await expectAccessible(page, 'workspace with a review window at 375px')
  await page.setViewportSize({ width: 1280, height: 800 })
  await card.getByRole('button', { name: 'Request changes' }).click()
  await page.getByLabel('What should change?').fill('The hero image is too dark.')
  await page.getByRole('button', { name: 'Send request' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'You asked for changes to “Landing page”.' })).toBeVisible()
  await expect(card.getByText(/Releases automatically/)).toHaveCount(0)

  // The expert resubmits: a fresh window.
  await expert.page.reload()
  await milestone(expert.page, 'Landing page').getByRole('button', { name: 'Submit work' }).click()
  await expert.page.getByLabel('Message to the client').fill('Lighter hero image.')
  await milestone(expert.page, 'Landing page').getByRole('button', { name: 'Submit work' }).click()
  await expect(milestone(expert.page, 'Landing page').getByRole('button', { name: 'Withdraw submission' })).toBeVisible()
  await screenshot(expert.page, 'workspace-review-window-expert')
  await expectAccessible(expert.page, 'workspace with a review window as expert')

  // The client stays silent; the demo clock runs the window out; the worker releases it.
  await advanceClock(page, 2 * DAY + 60_000)
  await expect.poll(async () => (await milestoneOf(page, contractId)).state, { timeout: 15_000 }).toBe('RELEASED')
  await page.reload()
  await expect(milestone(page, 'Landing page').getByText('Paid')).toBeVisible()
  await expect(page.getByRole('region', { name: 'Activity' }).getByText(/released \$300\.00 for “Landing page” automatically/)).toBeVisible()
  await screenshot(page, 'workspace-auto-released')

  // Both parties find the email in the dev mailbox.
  for (const to of [CLIENT, EXPERT]) {
    await expert.page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`)
    await expect(expert.page.getByRole('link', { name: /Payment released automatically: \$300\.00 for “Landing page”/ }).first()).toBeVisible()
  }
  await expert.context.close()
})

test('an extension asked and accepted; one left unanswered expires after 4 days', async ({ page, browser }) => {
  await loginAs(page, CLIENT)
  const contract = await createContract(page, uniqueTitle('Extension'), [{ title: 'Copywriting', amountCents: 20_000, dueDate: '2099-01-10' }])
  const milestoneId = contract.milestones[0]!.id
  await fundMilestone(page, contract.id, milestoneId)

  // The expert asks for 5 more days.
  const expert = await newSession(browser, EXPERT)
  await expert.page.goto(`/contracts/${contract.id}`)
  const expertCard = milestone(expert.page, 'Copywriting')
  await expect(expertCard.getByText(/ends .* your time/)).toBeVisible()
  await expertCard.getByRole('button', { name: 'Ask for more time' }).click()
  await expert.page.getByLabel('Extra days (1–90)').fill('5')
  await expert.page.getByLabel('Reason').fill('Waiting for the product photos.')
  await expert.page.getByRole('button', { name: 'Send request' }).click()
  await expect(expertCard.getByText('You asked for 5 more days')).toBeVisible()

  // The client accepts: the due date moves.
  await page.goto(`/contracts/${contract.id}`)
  const card = milestone(page, 'Copywriting')
  await expect(card.getByText('The expert asks for 5 more days')).toBeVisible()
  await screenshot(page, 'workspace-extension-request-client')
  await expectAccessible(page, 'workspace with an extension request')
  await card.getByRole('button', { name: 'Accept extension' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'You answered the extension request.' })).toBeVisible()
  await expect(card.getByText('Jan 15, 2099')).toBeVisible()
  expect((await milestoneOf(page, contract.id)).dueDate).toBe('2099-01-15')

  // A second request goes unanswered; four days later it has expired, and both are told.
  await expert.page.reload()
  await expertCard.getByRole('button', { name: 'Ask for more time' }).click()
  await expert.page.getByLabel('Extra days (1–90)').fill('2')
  await expert.page.getByLabel('Reason').fill('Proofreading takes longer.')
  await expert.page.getByRole('button', { name: 'Send request' }).click()
  await expect(expertCard.getByText('You asked for 2 more days')).toBeVisible()
  await advanceClock(page, 4 * DAY + 60_000)
  await expect.poll(async () => (await milestoneOf(page, contract.id)).extensionRequest, { timeout: 15_000 }).toBeNull()
  await expect.poll(async () => {
    await page.reload()
    return page.getByRole('region', { name: 'Activity' }).getByText(/expired the unanswered extension request on “Copywriting”/).count()
  }, { timeout: 15_000 }).toBe(1)
  expect((await milestoneOf(page, contract.id)).dueDate).toBe('2099-01-15')
  await expert.page.goto(`/dev/mailbox?to=${encodeURIComponent(EXPERT)}`)
  await expect(expert.page.getByRole('link', { name: /The extension request on “Copywriting” expired/ }).first()).toBeVisible()
  await expert.context.close()
})
