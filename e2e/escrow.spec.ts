import { expect, test, type Page } from '@playwright/test'
import { CLIENT, EXPERT, createContract, loginAs, newSession, screenshot, uniqueTitle } from './fixtures'

const escrowRow = (page: Page, label: string) => page.getByRole('region', { name: 'Escrow' }).getByText(label).locator('..')
const milestone = (page: Page, title: string) => page.getByRole('article', { name: new RegExp(title) })

test('fund one milestone at a time, partial release, and fund the next from the balance', async ({ page, browser }) => {
  await loginAs(page, CLIENT)
  const contract = await createContract(page, uniqueTitle('Escrow'), [
    { title: 'Logo concepts', amountCents: 10_000 },
    { title: 'Final artwork', amountCents: 10_000 },
  ])
  await page.goto(`/contracts/${contract.id}`)

  // Fund the first milestone: the panel shows what the client deposits, and the $5 minimum.
  await milestone(page, 'Logo concepts').getByRole('button', { name: 'Fund milestone' }).click()
  const fund = page.getByRole('group', { name: 'Fund “Logo concepts”' })
  await expect(fund.getByText('You deposit now')).toBeVisible()
  await expect(fund.getByText('Escrow payments are at least $5.00.')).toBeVisible()
  // A double click sends one request (and one Idempotency-Key): one deposit.
  await fund.getByRole('button', { name: 'Fund milestone · deposit $100.00' }).dblclick()
  await expect(page.getByRole('status').filter({ hasText: '“Logo concepts” is funded.' })).toBeVisible()
  await expect(escrowRow(page, 'Deposited')).toContainText('$100.00')

  // One at a time: the next milestone says why it cannot be funded yet.
  await expect(milestone(page, 'Final artwork').getByText('One milestone is funded at a time')).toBeVisible()
  await expect(milestone(page, 'Final artwork').getByRole('button', { name: 'Fund milestone' })).toHaveCount(0)

  // The expert submits work.
  const expert = await newSession(browser, EXPERT)
  await expert.page.goto(`/contracts/${contract.id}`)
  await milestone(expert.page, 'Logo concepts').getByRole('button', { name: 'Submit work' }).click()
  await expert.page.getByLabel('Message to the client').fill('Three logo concepts, ready for your review.')
  await milestone(expert.page, 'Logo concepts').getByRole('button', { name: 'Submit work' }).click()
  await expect(milestone(expert.page, 'Logo concepts').getByText(/Releases automatically on .* unless the client acts/)).toBeVisible()
  await screenshot(expert.page, 'workspace-funded-expert')
  await expert.context.close()

  // Partial release: $2.00 of $100.00; $98.00 stays in the balance.
  await page.reload()
  await milestone(page, 'Logo concepts').getByRole('button', { name: 'Release payment' }).click()
  const amount = page.getByLabel('Amount to release (USD)')
  await amount.fill('150')
  await expect(page.getByText('You can release at most $100.00, the funded amount.')).toBeVisible()
  await amount.fill('2')
  await expect(page.getByText('Partial payment: $98.00 stays in the escrow balance for the next milestone.')).toBeVisible()
  await page.getByRole('button', { name: 'Release $2.00' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Payment released' })).toBeVisible()
  await expect(escrowRow(page, 'Balance for next milestone')).toContainText('$98.00')
  await expect(milestone(page, 'Logo concepts').getByText('(partial)')).toBeVisible()
  // The progress bar counts the balance as in escrow, so only $2.00 of "Final artwork" is still to fund.
  await expect(page.getByRole('region', { name: 'Escrow' }).getByRole('img', { name: 'Progress: $2.00 released, $98.00 in escrow, $2.00 still to fund' })).toBeVisible()

  // Fund the next from the balance: $2.00 is missing, but the deposit is the $5.00 minimum, so
  // $95.00 comes from the balance and $3.00 stays there.
  await milestone(page, 'Final artwork').getByRole('button', { name: 'Fund milestone' }).click()
  const next = page.getByRole('group', { name: 'Fund “Final artwork”' })
  await expect(next.getByText('From escrow balance').locator('..')).toContainText('$95.00')
  await expect(next.getByText('So you deposit $5.00, and $3.00 stays in the balance for the next milestone.')).toBeVisible()
  await screenshot(page, 'workspace-fund-client')
  await next.getByRole('button', { name: 'Fund milestone · deposit $5.00' }).click()
  await expect(page.getByRole('status').filter({ hasText: '“Final artwork” is funded.' })).toBeVisible()
  await expect(escrowRow(page, 'Deposited')).toContainText('$105.00')
  await expect(escrowRow(page, 'Balance for next milestone')).toContainText('$3.00')

  // Full release of the second milestone.
  await milestone(page, 'Final artwork').getByRole('button', { name: 'Release payment' }).click()
  await page.getByRole('button', { name: 'Release $100.00' }).click()
  await expect(escrowRow(page, 'Released to expert')).toContainText('$102.00')
  await expect(page.getByRole('region', { name: 'Activity' }).getByText(/released a partial payment of \$2\.00/)).toBeVisible()
})
