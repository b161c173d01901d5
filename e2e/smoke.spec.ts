import { expect, test } from '@playwright/test'

test('the production build serves its first page', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Tranche' })).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screenshots/home.png', fullPage: true })
})
