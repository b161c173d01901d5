import { expect, test } from '@playwright/test'
import { loginAs } from './fixtures'

test('the production build serves its first page', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Tranche' })).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screenshots/home.png', fullPage: true })
})

test('every page runs under the nonce-based CSP without a violation', async ({ page }) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text())
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`))
  })
  const response = await page.goto('/signin')
  const policy = response?.headers()['content-security-policy'] ?? ''
  expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/)
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/)

  await loginAs(page, 'alice@example.com')
  await page.getByRole('article').first().getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await page.goto('/contracts/new')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await page.goto('/dev/mailbox')
  await expect(page.getByRole('heading', { level: 1, name: 'Dev mailbox' })).toBeVisible()
  expect(violations).toEqual([])
})
