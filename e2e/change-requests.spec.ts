import { expect, test } from '@playwright/test'
import { CLIENT, EXPERT, createContract, getContract, loginAs, newSession, proposeChanges, screenshot, uniqueTitle, upcoming } from './fixtures'

test('the expert proposes; the client is blocked from editing until they decline, modify or accept', async ({ page, browser }) => {
  await loginAs(page, CLIENT)
  const title = uniqueTitle('Requests')
  const contract = await createContract(page, title, [
    { title: 'Audit', amountCents: 40_000 },
    { title: 'Fixes', amountCents: 60_000 },
  ])

  // The expert proposes changes with the same editor.
  const expert = await newSession(browser, EXPERT)
  await expert.page.goto(`/contracts/${contract.id}`)
  await expert.page.getByRole('link', { name: 'Manage milestones' }).click()
  await expert.page.getByRole('button', { name: 'Edit “Fixes”' }).click()
  await expert.page.getByLabel('Amount (USD)').fill('750')
  await expert.page.getByRole('button', { name: 'Done' }).click()
  await expert.page.getByRole('button', { name: 'Add milestone' }).click()
  await expert.page.getByLabel('Title').fill('Follow-up review')
  await expert.page.getByLabel('Amount (USD)').fill('120')
  await expert.page.getByRole('button', { name: 'Add', exact: true }).click()
  await expert.page.getByLabel('Message to Alice Client').fill('The fixes are larger than planned; a follow-up review helps.')
  await screenshot(expert.page, 'manage-milestones-propose-expert')
  await expert.page.getByRole('button', { name: 'Save and send for review' }).click()
  await expect(expert.page.getByRole('heading', { name: 'Your proposed changes wait for Alice Client' })).toBeVisible()

  // The client sees the badge on the Contracts list, and cannot edit while the request waits.
  await page.goto('/contracts')
  const card = page.getByRole('article').filter({ has: page.getByRole('link', { name: title }) })
  await expect(card.getByText('Review updates')).toBeVisible()
  await page.goto(`/contracts/${contract.id}/milestones`)
  await expect(page.getByRole('heading', { name: 'Bob Expert proposed changes to the milestones' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Review updates' }).click()

  // Review updates: the message and the diff; decline with a reason.
  await expect(page.getByRole('heading', { level: 1, name: 'Review updates' })).toBeVisible()
  await expect(page.getByText('The fixes are larger than planned; a follow-up review helps.')).toBeVisible()
  const changes = page.getByRole('region', { name: 'Changes' })
  await expect(changes.getByText('Changed amount of “Fixes” from $600.00 to $750.00')).toBeVisible()
  await expect(changes.getByText('Added “Follow-up review” ($120.00)')).toBeVisible()
  await screenshot(page, 'review-updates-client')
  await page.getByRole('button', { name: 'Decline' }).click()
  await page.getByLabel('Reason (optional)').fill('Let us keep the budget for now.')
  await page.getByRole('button', { name: 'Decline changes' }).click()
  await page.waitForURL(new RegExp(`/contracts/${contract.id}$`))
  await expect(page.getByRole('region', { name: 'Activity' }).getByText('declined the requested changes: “Let us keep the budget for now.”')).toBeVisible()
  expect((await getContract(page, contract.id)).milestones.map((m) => m.amountCents)).toEqual([40_000, 60_000])

  // Second request; the client modifies it and accepts the modified version.
  let current = await getContract(expert.page, contract.id)
  await proposeChanges(expert.page, current, [...upcoming(current).map((m) => (m.title === 'Fixes' ? { ...m, amountCents: 75_000 } : m))], 'Second try: only the fixes.')
  await page.goto(`/contracts/${contract.id}`)
  await page.getByRole('link', { name: 'Review updates' }).click()
  await page.getByRole('button', { name: 'Modify' }).click()
  await page.getByRole('button', { name: 'Edit “Fixes”' }).click()
  await page.getByLabel('Amount (USD)').fill('700')
  await page.getByRole('button', { name: 'Done' }).click()
  await page.getByRole('button', { name: 'Show changes' }).click()
  await expect(page.getByRole('region', { name: 'Changes' }).getByText('Changed amount of “Fixes” from $600.00 to $700.00')).toBeVisible()
  await page.getByRole('button', { name: 'Accept modified plan' }).click()
  await page.waitForURL(new RegExp(`/contracts/${contract.id}$`))
  expect((await getContract(page, contract.id)).milestones.map((m) => m.amountCents)).toEqual([40_000, 70_000])

  // Third request, accepted as is; the client can edit again afterwards.
  current = await getContract(expert.page, contract.id)
  await proposeChanges(expert.page, current, [...upcoming(current), { title: 'Handover', amountCents: 5_000 }], 'Add a handover.')
  await page.goto(`/contracts/${contract.id}/review`)
  await page.getByRole('button', { name: 'Accept', exact: true }).click()
  await page.waitForURL(new RegExp(`/contracts/${contract.id}$`))
  await expect(page.getByRole('heading', { name: /Handover/ })).toBeVisible()
  await page.getByRole('link', { name: 'Manage milestones' }).click()
  await expect(page.getByRole('button', { name: 'Save' })).toBeVisible()
  await expert.context.close()
})

test('the expert can withdraw a pending request', async ({ page, browser }) => {
  await loginAs(page, CLIENT)
  const contract = await createContract(page, uniqueTitle('Withdraw'), [{ title: 'Only', amountCents: 10_000 }])
  const expert = await newSession(browser, EXPERT)
  await proposeChanges(expert.page, contract, [{ ...upcoming(contract)[0]!, amountCents: 12_000 }], 'A bit more.')
  await expert.page.goto(`/contracts/${contract.id}/review`)
  await expect(expert.page.getByRole('heading', { name: 'Waiting for Alice Client' })).toBeVisible()
  await screenshot(expert.page, 'review-updates-expert')
  await expert.page.getByRole('button', { name: 'Withdraw request' }).click()
  await expert.page.waitForURL(new RegExp(`/contracts/${contract.id}$`))
  await expect(expert.page.getByRole('link', { name: 'Review updates' })).toHaveCount(0)
  await expert.context.close()
})
