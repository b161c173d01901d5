import { expect, test, type Page } from '@playwright/test'
import { expectAccessible } from './axe'
import { CLIENT, EXPERT, createContract, getContract, loginAs, newSession, proposeChanges, screenshot, uniqueTitle, upcoming } from './fixtures'

/** At a 375 px phone width the page fits: nothing scrolls sideways. */
async function expectFitsPhone(page: Page, name: string) {
  await page.setViewportSize({ width: 375, height: 800 })
  await screenshot(page, `${name}-375`)
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at 375 px`).toBeLessThanOrEqual(375)
  await expectAccessible(page, `${name} at 375 px`)
  await page.setViewportSize({ width: 1280, height: 720 })
}

/** Opens Review updates from the Workspace, then Counter, sets "B" to `dollars` and sends it with `message`. */
async function counterB(page: Page, contractId: string, dollars: string, message: string) {
  await page.goto(`/contracts/${contractId}`)
  await page.getByRole('link', { name: 'Review updates' }).click()
  await page.getByRole('button', { name: 'Counter', exact: true }).click()
  await page.getByRole('button', { name: 'Edit “B”' }).click()
  await page.getByLabel('Amount (USD)').fill(dollars)
  await page.getByRole('button', { name: 'Done' }).click()
  await page.getByRole('button', { name: 'Show changes' }).click()
  await expect(page.getByRole('region', { name: 'Changes' }).getByText(`Changed amount of “B” from $600.00 to $${dollars}.00`)).toBeVisible()
  await page.getByLabel(/^Message to /).fill(message)
  await page.getByRole('button', { name: 'Send counter-proposal' }).click()
  await page.waitForURL(new RegExp(`/contracts/${contractId}$`))
}

test('R18, R20: request → counter → counter → accept, then the plan history compares the versions', async ({ page, browser }) => {
  test.setTimeout(120_000)
  await loginAs(page, CLIENT)
  const contract = await createContract(page, uniqueTitle('Negotiation'), [
    { title: 'A', amountCents: 40_000 },
    { title: 'B', amountCents: 60_000 },
  ])
  const expert = await newSession(browser, EXPERT)
  await proposeChanges(expert.page, contract, [...upcoming(contract).map((m) => (m.title === 'B' ? { ...m, amountCents: 80_000 } : m)), { title: 'Follow-up', amountCents: 12_000 }], 'B is bigger than planned.')

  // The client counters the expert's request in the same editor, with Show changes.
  await counterB(page, contract.id, '700', 'Meet me at $700.')
  await expect(page.getByRole('heading', { name: 'Your proposed changes wait for Bob Expert' })).toBeVisible()

  // The expert sees the counter and counters back.
  await expert.page.goto(`/contracts/${contract.id}`)
  await expect(expert.page.getByRole('heading', { name: 'Alice Client countered with changes to the milestones' })).toBeVisible()
  await counterB(expert.page, contract.id, '725', 'Let us settle at $725.')

  // The client reviews the thread and the latest proposal's diff, then accepts.
  await page.goto(`/contracts/${contract.id}/review`)
  await expect(page.getByText('Bob Expert countered with these changes')).toBeVisible()
  const thread = page.getByRole('region', { name: 'Negotiation' })
  await expect(thread.getByRole('listitem').filter({ hasText: 'B is bigger than planned.' })).toContainText('Bob Expert proposed')
  await expect(thread.getByRole('listitem').filter({ hasText: 'Meet me at $700.' })).toContainText('You countered')
  await expect(thread.getByRole('listitem').filter({ hasText: 'Let us settle at $725.' })).toContainText('Latest')
  const changes = page.getByRole('region', { name: 'Changes' })
  await expect(changes.getByText('Changed amount of “B” from $600.00 to $725.00')).toBeVisible()
  await expect(changes.getByText('Added “Follow-up” ($120.00)')).toBeVisible()
  await thread.getByText('2 changes to the current plan').first().click()
  await screenshot(page, 'review-updates-counter-client')
  await expectAccessible(page, 'review updates with a negotiation, as client')
  await expectFitsPhone(page, 'review-updates-counter-client')
  await page.getByRole('button', { name: 'Accept', exact: true }).click()
  await page.waitForURL(new RegExp(`/contracts/${contract.id}$`))
  expect((await getContract(page, contract.id)).milestones.map((m) => [m.title, m.amountCents])).toEqual([['A', 40_000], ['B', 72_500], ['Follow-up', 12_000]])
  await expect(page.getByRole('region', { name: 'Activity' }).getByText('answered with a counter-proposal: “Let us settle at $725.”')).toBeVisible()

  // The expert was told, with a link back to the workspace.
  await expert.page.goto('/dev/mailbox')
  await expect(expert.page.getByText('Alice Client answered with a counter-proposal').first()).toBeVisible()

  // Plan history: both parties list the versions and compare any two.
  await page.getByRole('link', { name: 'Plan history' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Plan history' })).toBeVisible()
  const versions = page.getByRole('region', { name: 'Versions', exact: true })
  await expect(versions.getByRole('listitem').first()).toContainText('Version 2 · Counter-proposal accepted')
  await expect(versions.getByRole('listitem').nth(1)).toContainText('Version 1 · Contract created')
  const compare = page.getByRole('region', { name: 'Compare versions' })
  await expect(compare.getByRole('heading', { name: 'Changes from version 1 to version 2' })).toBeVisible()
  await expect(compare.getByText('Changed amount of “B” from $600.00 to $725.00')).toBeVisible()
  await expect(compare.getByText('Added “Follow-up” ($120.00)')).toBeVisible()
  await screenshot(page, 'plan-history-client')
  await expectAccessible(page, 'plan history as client')
  await expectFitsPhone(page, 'plan-history-client')

  // The expert picks the versions the other way round with the form.
  await expert.page.goto(`/contracts/${contract.id}/history`)
  await expert.page.getByLabel('From version').selectOption('2')
  await expert.page.getByLabel('To version').selectOption('1')
  await expert.page.getByRole('button', { name: 'Show changes' }).click()
  await expect(expert.page.getByRole('heading', { name: 'Changes from version 2 to version 1' })).toBeVisible()
  await expect(expert.page.getByText('Removed “Follow-up”')).toBeVisible()
  await expert.context.close()
})
