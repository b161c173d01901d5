import { expect, test } from '@playwright/test'
import { CLIENT, EXPERT, createContract, fundMilestone, loginAs, newSession, screenshot, uniqueTitle } from './fixtures'

test('close with a partial refund, then both parties leave a review', async ({ page, browser }) => {
  await loginAs(page, CLIENT)
  const contract = await createContract(page, uniqueTitle('Close'), [
    { title: 'Prototype', amountCents: 50_000 },
    { title: 'Polish', amountCents: 20_000 },
  ])
  await fundMilestone(page, contract.id, contract.milestones[0]!.id)

  // The client proposes: refund $200.00 of the $500.00 held, release $300.00.
  await page.goto(`/contracts/${contract.id}`)
  const close = page.getByRole('region', { name: 'Close contract' })
  await close.getByRole('button', { name: 'Close contract…' }).click()
  await close.getByLabel('Refund to you (USD)').fill('600')
  await expect(close.getByText('You can refund at most $500.00, what escrow holds.')).toBeVisible()
  await close.getByLabel('Refund to you (USD)').fill('200')
  await expect(close.getByText('Released to Bob Expert: $300.00')).toBeVisible()
  await close.getByRole('button', { name: 'Close contract' }).click()
  await expect(page.getByRole('heading', { name: 'Your close proposal waits for the expert' })).toBeVisible()

  // The expert accepts the settlement.
  const expert = await newSession(browser, EXPERT)
  await expert.page.goto('/contracts')
  const card = expert.page.getByRole('article').filter({ has: expert.page.getByRole('link', { name: contract.title }) })
  await expect(card.getByText('Close proposal')).toBeVisible()
  await expert.page.goto(`/contracts/${contract.id}`)
  await expect(expert.page.getByText('$200.00 refunded to the client and $300.00 released to the expert.')).toBeVisible()
  await screenshot(expert.page, 'workspace-close-proposal-expert')
  await expert.page.getByRole('button', { name: 'Accept close' }).click()
  const confirm = expert.page.getByRole('group', { name: 'Confirm the settlement' })
  await expect(confirm.getByText('$300.00 is released to you and $200.00 refunded to the client, and the contract closes.')).toBeVisible()
  await confirm.getByRole('button', { name: 'Confirm and close' }).click()
  await expect(expert.page.getByText('Closed', { exact: true })).toBeVisible()

  // Reviews: the expert rates the client; the client rates the expert and their deadlines.
  const reviews = expert.page.getByRole('region', { name: 'Reviews' })
  await reviews.getByRole('group', { name: 'Rating' }).locator('label').filter({ hasText: '5 out of 5' }).click()
  await reviews.getByLabel('Comment (optional)').fill('Clear brief, quick decisions.')
  await reviews.getByRole('button', { name: 'Leave review' }).click()
  await expect(reviews.getByText('“Clear brief, quick decisions.”')).toBeVisible()
  await expect(reviews.getByRole('button', { name: 'Leave review' })).toHaveCount(0)
  await expert.context.close()

  await page.reload()
  await expect(page.getByRole('region', { name: 'Escrow' }).getByText('Refunded to client').locator('..')).toContainText('$200.00')
  const mine = page.getByRole('region', { name: 'Reviews' })
  await mine.getByRole('button', { name: 'Leave review' }).click()
  await expect(mine.getByText('Choose a rating and a rating for adherence to deadlines.')).toBeVisible()
  await mine.getByRole('group', { name: 'Rating', exact: true }).locator('label').filter({ hasText: '4 out of 5' }).click()
  await mine.getByRole('group', { name: 'Adherence to deadlines' }).locator('label').filter({ hasText: '5 out of 5' }).click()
  await mine.getByLabel('Comment (optional)').fill('Good work, we stopped early.')
  await mine.getByRole('button', { name: 'Leave review' }).click()
  await expect(mine.getByText('“Good work, we stopped early.”')).toBeVisible()
  await expect(mine.getByRole('img', { name: 'Adherence to deadlines: 5 out of 5' })).toBeVisible()
  await expect(mine.getByRole('heading', { name: 'Deadline record' })).toBeVisible()
  await screenshot(page, 'workspace-closed-client')
})

test('the expert declines a settlement, then closes with a full refund; the refund field follows what escrow holds', async ({ page, browser }) => {
  await loginAs(page, CLIENT)
  const contract = await createContract(page, uniqueTitle('Decline close'), [{ title: 'Audit', amountCents: 40_000 }])

  // Nothing held yet: the card closes at once. Funding on this page must not leave the refund at $0.00.
  await page.goto(`/contracts/${contract.id}`)
  const close = page.getByRole('region', { name: 'Close contract' })
  await expect(close.getByText('Nothing is held in escrow, so the contract closes at once.')).toBeVisible()
  await page.getByRole('article', { name: /Audit/ }).getByRole('button', { name: 'Fund milestone' }).click()
  await page.getByRole('button', { name: 'Fund milestone · deposit $400.00' }).click()
  await expect(page.getByRole('status').filter({ hasText: '“Audit” is funded. $400.00 deposited into escrow.' })).toBeVisible()
  await close.getByRole('button', { name: 'Close contract…' }).click()
  await expect(close.getByLabel('Refund to you (USD)')).toHaveValue('400.00')
  await close.getByLabel('Refund to you (USD)').fill('100')
  await close.getByRole('button', { name: 'Close contract' }).click()
  await expect(page.getByRole('heading', { name: 'Your close proposal waits for the expert' })).toBeVisible()

  // The expert declines; the contract stays open with $400.00 held.
  const expert = await newSession(browser, EXPERT)
  await expert.page.goto(`/contracts/${contract.id}`)
  await expert.page.getByRole('button', { name: 'Decline close' }).click()
  await expect(expert.page.getByRole('status').filter({ hasText: 'You declined the close proposal. The contract stays open.' })).toBeVisible()

  // An expert who closes refunds everything held.
  const expertClose = expert.page.getByRole('region', { name: 'Close contract' })
  await expect(expertClose.getByText('Closing refunds everything held in escrow ($400.00) to the client.')).toBeVisible()
  await expertClose.getByRole('button', { name: 'Close contract…' }).click()
  await expertClose.getByRole('button', { name: 'Close contract now' }).click()
  await expect(expert.page.getByText('Closed', { exact: true })).toBeVisible()
  await expect(expert.page.getByRole('region', { name: 'Escrow' }).getByText('Refunded to client').locator('..')).toContainText('$400.00')
  await expert.context.close()
})
