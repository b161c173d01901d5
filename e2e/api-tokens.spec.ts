import { expect, test } from '@playwright/test'
import { expectAccessible } from './axe'
import { CLIENT, createContract, loginAs, screenshot, uniqueTitle } from './fixtures'

/**
 * R22 in the browser: the client makes a read-and-write token on Settings → API tokens, copies it
 * (shown once), a script (Playwright's `request`, no cookies) funds a milestone with it, the page
 * shows when it was last used, the client revokes it, and the script's next call is 401.
 */
test('create a token on the settings page, fund a milestone with it, revoke it, then 401', async ({ page, context, request }) => {
  test.setTimeout(120_000)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await loginAs(page, CLIENT)
  const contract = await createContract(page, uniqueTitle('Token'), [{ title: 'Design', amountCents: 40_000 }])

  // From the account menu.
  await page.getByRole('link', { name: 'Settings' }).click()
  await page.waitForURL(/\/settings\/tokens$/)
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'API tokens' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByText('Sign out everywhere also revokes every token', { exact: false })).toBeVisible()
  await screenshot(page, 'settings-tokens-empty')
  await expectAccessible(page, 'tokens page')

  // A name is required.
  await page.getByRole('button', { name: 'Create token' }).click()
  await expect(page.getByText('Give the token a name, such as the script that will use it.')).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true')

  await page.getByRole('textbox', { name: 'Name' }).fill('Funding script')
  await page.getByRole('combobox', { name: 'Expires in' }).selectOption({ label: '90 days' })
  await page.getByRole('radio', { name: /Read and write/ }).check()
  await page.getByRole('button', { name: 'Create token' }).click()

  // Shown once, with the warning read first.
  const heading = page.getByRole('heading', { name: 'Copy your new token now' })
  await expect(heading).toBeFocused()
  await expect(page.getByText('You won’t see it again')).toBeVisible()
  const field = page.getByRole('textbox', { name: 'Token “Funding script” (read and write)' })
  const token = await field.inputValue()
  expect(token).toMatch(/^tr_[A-Za-z0-9_-]{43}$/)
  await page.getByRole('button', { name: 'Copy token' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token)
  await screenshot(page, 'settings-tokens-created')
  await expectAccessible(page, 'tokens page with the new token')
  await page.getByRole('button', { name: 'Done, I have copied it' }).click()
  await expect(field).toHaveCount(0)

  const row = page.getByRole('listitem', { name: 'Funding script' })
  await expect(row).toContainText('Read and write')
  await expect(row).toContainText('Last used')
  await expect(row).toContainText('Never')

  // A script with only the token: no cookie, no Origin.
  const bearer = { Authorization: `Bearer ${token}` }
  const milestoneId = contract.milestones[0]!.id
  const funded = await request.post(`/api/contracts/${contract.id}/milestones/${milestoneId}/fund`, { headers: { ...bearer, 'Idempotency-Key': crypto.randomUUID() } })
  expect(funded.status(), await funded.text()).toBe(200)
  expect((await funded.json()).milestones[0].state).toBe('FUNDED')

  // The page now says when it was used.
  await page.reload()
  await expect(page.getByRole('listitem', { name: 'Funding script' })).not.toContainText('Never')

  // Revoke, with a confirmation; keyboard focus moves to the question's button.
  await page.getByRole('button', { name: 'Revoke “Funding script”' }).click()
  const confirm = page.getByRole('group', { name: 'Revoke “Funding script”?' })
  await expect(confirm.getByRole('button', { name: 'Revoke token' })).toBeFocused()
  await screenshot(page, 'settings-tokens-confirm-revoke')
  await expectAccessible(page, 'tokens page asking to revoke')
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('button', { name: 'Revoke “Funding script”' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(confirm.getByRole('button', { name: 'Revoke token' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByText('“Funding script” is revoked.')).toBeVisible()
  await expect(page.getByRole('listitem', { name: 'Funding script' })).toHaveCount(0)

  const refused = await request.get(`/api/contracts/${contract.id}`, { headers: bearer })
  expect(refused.status()).toBe(401)
  expect((await refused.json()).error.code).toBe('TOKEN_REVOKED')

  // On a phone: nothing wider than the screen, still axe-clean.
  await page.setViewportSize({ width: 375, height: 800 })
  await page.getByRole('textbox', { name: 'Name' }).fill('Read-only reports')
  await page.getByRole('button', { name: 'Create token' }).click()
  await expect(page.getByRole('heading', { name: 'Copy your new token now' })).toBeFocused()
  await page.getByRole('button', { name: 'Done, I have copied it' }).click()
  await expect(page.getByRole('listitem', { name: 'Read-only reports' })).toContainText('Read-only')
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
  await screenshot(page, 'settings-tokens-375')
  await expectAccessible(page, 'tokens page at 375px')
})
