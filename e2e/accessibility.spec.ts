import { expect, test } from '@playwright/test'
import { expectAccessible } from './axe'
import { CLIENT, EXPERT, closeContract, createContract, fundMilestone, inDays, loginAs, newSession, proposeChanges, releasePayment, screenshot, uniqueTitle, upcoming } from './fixtures'

test('every page passes axe in both roles, with screenshots', async ({ page, browser }) => {
  test.setTimeout(180_000)
  await loginAs(page, CLIENT)
  // A contract with a paid, a funded and an upcoming milestone, and a pending change request.
  let contract = await createContract(page, uniqueTitle('Accessible'), [
    { title: 'Discovery', amountCents: 30_000, dueDate: inDays(5), description: 'Interviews and notes.' },
    { title: 'Design', amountCents: 80_000, dueDate: inDays(15) },
    { title: 'Build', amountCents: 120_000, dueDate: inDays(30) },
  ])
  await fundMilestone(page, contract.id, contract.milestones[0]!.id)
  await releasePayment(page, contract.id, contract.milestones[0]!.id, 25_000)
  contract = await fundMilestone(page, contract.id, contract.milestones[1]!.id)
  const expert = await newSession(browser, EXPERT)
  await proposeChanges(expert.page, contract, [...upcoming(contract), { title: 'Launch support', amountCents: 15_000 }], 'Two weeks of launch support.')

  const pages: [string, string][] = [
    ['contracts', '/contracts'],
    ['new-contract', '/contracts/new'],
    ['workspace', `/contracts/${contract.id}`],
    ['manage-milestones', `/contracts/${contract.id}/milestones`],
    ['review-updates', `/contracts/${contract.id}/review`],
    ['plan-history', `/contracts/${contract.id}/history`],
  ]
  for (const [role, session] of [['client', page], ['expert', expert.page]] as const) {
    for (const [name, path] of pages) {
      await session.goto(path)
      await expect(session.getByRole('heading', { level: 1 })).toBeVisible()
      await screenshot(session, `${name}-${role}`)
      await expectAccessible(session, `${name} as ${role}`)
    }
  }

  // The editor itself: while the request is pending both roles see a notice instead, so withdraw it first.
  await expert.page.goto(`/contracts/${contract.id}/review`)
  await expert.page.getByRole('button', { name: 'Withdraw request' }).click()
  await expert.page.waitForURL(new RegExp(`/contracts/${contract.id}$`))
  await page.goto(`/contracts/${contract.id}/milestones`)
  await page.getByRole('button', { name: 'Edit “Build”' }).click()
  await page.getByRole('button', { name: 'Show changes' }).click()
  await screenshot(page, 'manage-milestones-editing-client')
  await expectAccessible(page, 'manage milestones (editing) as client')

  // Phone width.
  await page.setViewportSize({ width: 375, height: 800 })
  for (const [name, path] of pages) {
    await page.goto(path)
    await screenshot(page, `${name}-client-375`)
    await expectAccessible(page, `${name} as client at 375px`)
  }
  await expert.context.close()
})

test('open panels and forms pass axe: fund, release, close, the expert’s request, decline, modify, review', async ({ page, browser }) => {
  test.setTimeout(120_000)
  await loginAs(page, CLIENT)
  let contract = await createContract(page, uniqueTitle('Panels'), [
    { title: 'Research', amountCents: 20_000 },
    { title: 'Prototype', amountCents: 30_000 },
  ])
  const workspace = `/contracts/${contract.id}`
  await page.goto(workspace)
  await page.getByRole('article', { name: /Research/ }).getByRole('button', { name: 'Fund milestone' }).click()
  await expect(page.getByRole('group', { name: 'Fund “Research”' })).toBeVisible()
  await expectAccessible(page, 'fund panel')

  contract = await fundMilestone(page, contract.id, contract.milestones[0]!.id)
  await page.reload()
  await page.getByRole('article', { name: /Research/ }).getByRole('button', { name: 'Release payment' }).click()
  await expect(page.getByLabel('Amount to release (USD)')).toBeVisible()
  await expectAccessible(page, 'release panel')
  await page.getByRole('region', { name: 'Close contract' }).getByRole('button', { name: 'Close contract…' }).click()
  await expect(page.getByLabel('Refund to you (USD)')).toBeVisible()
  await expectAccessible(page, 'close form')

  // The expert's editor, with its message box; then the client's decline form and Modify editor.
  const expert = await newSession(browser, EXPERT)
  await expert.page.goto(`${workspace}/milestones`)
  await expect(expert.page.getByLabel('Message to Alice Client')).toBeVisible()
  await screenshot(expert.page, 'manage-milestones-editor-expert')
  await expectAccessible(expert.page, 'editor as expert')
  await proposeChanges(expert.page, contract, [...upcoming(contract), { title: 'Handover', amountCents: 10_000 }], 'A handover session.')
  await expert.context.close()
  await page.goto(`${workspace}/review`)
  await page.getByRole('button', { name: 'Decline' }).click()
  await expect(page.getByLabel('Reason (optional)')).toBeVisible()
  await expectAccessible(page, 'decline form')
  await page.goto(`${workspace}/review`)
  await page.getByRole('button', { name: 'Modify' }).click()
  await expect(page.getByRole('button', { name: 'Accept modified plan' })).toBeVisible()
  await expectAccessible(page, 'modify editor')

  // A closed contract with the review form open.
  const closed = await createContract(page, uniqueTitle('Closed'), [{ title: 'Only', amountCents: 5_000 }])
  await closeContract(page, closed.id)
  await page.goto(`/contracts/${closed.id}`)
  await page.getByRole('region', { name: 'Reviews' }).getByRole('button', { name: 'Leave review' }).click()
  await expect(page.getByRole('group', { name: 'Adherence to deadlines' })).toBeVisible()
  await screenshot(page, 'workspace-review-form-client')
  await expectAccessible(page, 'review form')
})
