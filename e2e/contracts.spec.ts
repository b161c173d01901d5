import { expect, test } from '@playwright/test'
import { CLIENT, EXPERT, inDays, loginAs, newSession, screenshot, uniqueTitle } from './fixtures'

test('the client creates a contract with the New contract form; both parties see it in their lists', async ({ page, browser }) => {
  await loginAs(page, CLIENT)
  await page.getByRole('link', { name: 'New contract' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'New contract' })).toBeVisible()
  await screenshot(page, 'new-contract-client')
  const title = uniqueTitle('Brand guide')

  await page.getByLabel('Contract title').fill(title)
  await page.getByLabel("Expert's email").fill(EXPERT)
  await page.getByLabel('Title', { exact: true }).fill('Research')
  await page.getByLabel('Amount (USD)').fill('3')
  await page.getByRole('button', { name: 'Create contract' }).click()
  await expect(page.getByText('A milestone is at least $5.00.', { exact: true })).toBeVisible()
  await page.getByLabel('Amount (USD)').fill('450')
  await page.getByLabel('Due date (optional)').fill(inDays(14))
  await page.getByRole('button', { name: 'Add milestone' }).click()
  await page.getByLabel('Title', { exact: true }).nth(1).fill('Guide')
  await page.getByLabel('Amount (USD)').nth(1).fill('1,250.00')
  await expect(page.getByText('Total $1,700.00')).toBeVisible()
  await page.getByRole('button', { name: 'Create contract' }).click()

  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByRole('article', { name: /Research/ }).getByRole('button', { name: 'Fund milestone' })).toBeVisible()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contracts' }).click()
  const clientCard = page.getByRole('region', { name: /As client/ }).getByRole('article').filter({ hasText: title })
  await expect(clientCard.getByText('Research')).toBeVisible()
  await expect(clientCard.getByRole('img', { name: /\$0\.00 released, \$0\.00 in escrow, \$1,700\.00 still to fund/ })).toBeVisible()

  const expert = await newSession(browser, EXPERT)
  const expertCard = expert.page.getByRole('region', { name: /As expert/ }).getByRole('article').filter({ hasText: title })
  await expect(expertCard).toBeVisible()
  await expertCard.getByRole('link', { name: title }).click()
  await expect(expert.page.getByText('You are the expert')).toBeVisible()
  await expect(expert.page.getByText('Next up: waiting for the client to fund this milestone.')).toBeVisible()
  await expert.context.close()
})

test('signed-out visitors are sent to sign-in and come back; outsiders get a 404', async ({ page, browser }) => {
  await page.goto('/contracts')
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fcontracts/)
  await page.getByRole('button', { name: `Sign in as ${CLIENT}` }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Contracts' })).toBeVisible()

  const carol = await newSession(browser, 'carol@example.com')
  const href = await carol.page.getByRole('region', { name: /As client/ }).getByRole('link').first().getAttribute('href')
  await carol.context.close()
  const response = await page.goto(href!)
  expect(response?.status()).toBe(404)
})
