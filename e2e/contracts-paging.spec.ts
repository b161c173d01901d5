import { expect, test } from '@playwright/test'
import { createContract, EXPERT, newSession, uniqueTitle } from './fixtures'

// The Contracts page shows the newest 50 (one API page) and offers "Show more contracts" when a
// user has more, so every contract stays reachable although GET /api/contracts is paginated.

test('a user with more than 50 contracts sees the newest 50 and the rest after "Show more contracts"', async ({ browser }) => {
  const { context, page } = await newSession(browser, 'carol@example.com')
  const prefix = uniqueTitle('Paged')
  for (let i = 0; i < 51; i++) await createContract(page, `${prefix} ${String(i).padStart(2, '0')}`, [{ title: 'One', amountCents: 10_000 }], EXPERT)

  await page.reload()
  const cards = page.getByRole('article')
  await expect(cards).toHaveCount(50)
  await expect(page.getByText('Showing your newest 50 contracts.')).toBeVisible()
  // The oldest of the 51 is on the next page only.
  await expect(page.getByRole('link', { name: `${prefix} 00`, exact: true })).toHaveCount(0)

  await page.getByRole('link', { name: 'Show more contracts' }).click()
  await expect(page).toHaveURL(/\/contracts\?show=100$/)
  await expect(page.getByRole('link', { name: `${prefix} 00`, exact: true })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Show more contracts' })).toHaveCount(0)
  await context.close()
})
