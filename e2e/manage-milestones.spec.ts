import { expect, test } from '@playwright/test'
import { createContract, fundMilestone, getContract, inDays, loginAs, moveByKeyboard, savePlan, screenshot, uniqueTitle, upcoming, upcomingTitles } from './fixtures'

test.describe('Manage milestones (client)', () => {
  test.beforeEach(async ({ page }) => {
    await loginAs(page, 'alice@example.com')
  })

  test('add, edit, remove, re-order by keyboard and by drag, show/hide changes, save', async ({ page }) => {
    const title = uniqueTitle('Editor')
    const contract = await createContract(page, title, [
      { title: 'Wireframes', amountCents: 30_000, dueDate: inDays(10) },
      { title: 'Visual design', amountCents: 50_000, dueDate: inDays(20) },
      { title: 'Copywriting', amountCents: 20_000 },
    ])
    await page.goto(`/contracts/${contract.id}`)
    await page.getByRole('link', { name: 'Manage milestones' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Manage milestones' })).toBeVisible()

    // Edit ✎ with the rules' own inline messages.
    await page.getByRole('button', { name: 'Edit “Visual design”' }).click()
    await page.getByLabel('Amount (USD)').fill('4.99')
    await page.getByLabel('Due date').fill('2020-01-01')
    await page.getByRole('button', { name: 'Done' }).click()
    await expect(page.getByText('A milestone is at least $5.00.', { exact: true })).toBeVisible()
    await expect(page.getByText('A due date cannot be in the past.')).toBeVisible()
    await page.getByLabel('Amount (USD)').fill('650')
    await page.getByLabel('Due date').fill(inDays(25))
    await page.getByRole('button', { name: 'Done' }).click()
    await expect(page.getByText('$650.00')).toBeVisible()

    // Remove 🗑 and Add milestone.
    await page.getByRole('button', { name: 'Remove “Copywriting”' }).click()
    // Focus is not lost to the page: it moves to the row that now ends the list.
    await expect(page.getByRole('button', { name: 'Edit “Visual design”' })).toBeFocused()
    await page.getByRole('button', { name: 'Add milestone' }).click()
    await page.getByLabel('Title').fill('Launch')
    await page.getByLabel('Amount (USD)').fill('1,200.50')
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    expect(await upcomingTitles(page)).toEqual(['Wireframes', 'Visual design', 'Launch'])

    // Re-order with the keyboard: Space picks up, arrows move, Space drops.
    await moveByKeyboard(page, 'Wireframes', 1)
    await expect.poll(() => upcomingTitles(page)).toEqual(['Visual design', 'Wireframes', 'Launch'])

    // Re-order by dragging the re-order icon with the mouse: Launch to the top.
    const handle = page.getByRole('button', { name: 'Re-order “Launch”' })
    const target = page.getByRole('button', { name: 'Re-order “Visual design”' })
    const from = (await handle.boundingBox())!
    const to = (await target.boundingBox())!
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await page.mouse.down()
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 10, { steps: 3 })
    await page.mouse.move(to.x + to.width / 2, to.y + 2, { steps: 12 })
    await page.mouse.up()
    await expect.poll(() => upcomingTitles(page)).toEqual(['Launch', 'Visual design', 'Wireframes'])

    // Show changes / Hide changes.
    await page.getByRole('button', { name: 'Show changes' }).click()
    const changes = page.getByRole('region', { name: 'Changes' })
    await expect(changes.getByText('Removed “Copywriting”')).toBeVisible()
    await expect(changes.getByText('Added “Launch” ($1,200.50)')).toBeVisible()
    await expect(changes.getByText('Changed amount of “Visual design” from $500.00 to $650.00')).toBeVisible()
    await screenshot(page, 'manage-milestones-changes-client')
    await page.getByRole('button', { name: 'Hide changes' }).click()
    await expect(changes).toBeHidden()

    // Save, then the saved plan is what the server has.
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByRole('status').filter({ hasText: /Saved\. Bob Expert gets an email/ })).toBeAttached()
    await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled()
    const saved = await getContract(page, contract.id)
    expect(saved.milestones.map((m) => [m.title, m.amountCents])).toEqual([
      ['Launch', 120_050],
      ['Visual design', 65_000],
      ['Wireframes', 30_000],
    ])
    await page.reload()
    expect(await upcomingTitles(page)).toEqual(['Launch', 'Visual design', 'Wireframes'])
  })

  test('funded milestones are locked; leaving with unsaved changes asks first', async ({ page }) => {
    const contract = await createContract(page, uniqueTitle('Locks'), [
      { title: 'Research', amountCents: 10_000 },
      { title: 'Build', amountCents: 20_000 },
    ])
    await fundMilestone(page, contract.id, contract.milestones[0]!.id)
    await page.goto(`/contracts/${contract.id}/milestones`)
    const locked = page.getByRole('list', { name: 'Funded and paid milestones (locked)' })
    await expect(locked.getByRole('listitem', { name: 'Research (locked)' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Re-order “Research”' })).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Edit “Research”' })).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Remove “Research”' })).toHaveCount(0)

    await page.getByRole('button', { name: 'Remove “Build”' }).click()

    // The browser's Back button asks too; dismissing keeps the page and the edit.
    let askedOnBack = ''
    page.once('dialog', (dialog) => {
      askedOnBack = dialog.message()
      void dialog.dismiss()
    })
    await page.goBack({ waitUntil: 'commit' })
    await expect.poll(() => askedOnBack).toContain('unsaved changes')
    await expect(page).toHaveURL(new RegExp(`/contracts/${contract.id}/milestones`))
    await expect(page.getByRole('button', { name: 'Remove “Build”' })).toHaveCount(0)
    await expect(page.getByText('1 unsaved change')).toBeVisible()

    let asked = ''
    page.once('dialog', (dialog) => {
      asked = dialog.message()
      void dialog.dismiss()
    })
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contracts' }).click()
    await expect.poll(() => asked).toContain('unsaved changes')
    await expect(page).toHaveURL(new RegExp(`/contracts/${contract.id}/milestones`))
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contracts' }).click()
    await expect(page).toHaveURL(/\/contracts$/)
  })

  test('Back with unsaved changes leaves once accepted; after Save, Back leaves without asking', async ({ page }) => {
    const contract = await createContract(page, uniqueTitle('Back'), [
      { title: 'First', amountCents: 10_000 },
      { title: 'Second', amountCents: 20_000 },
    ])
    const workspace = new RegExp(`/contracts/${contract.id}$`)
    await page.goto(`/contracts/${contract.id}`)
    await page.getByRole('link', { name: 'Manage milestones' }).click()
    await page.getByRole('button', { name: 'Remove “Second”' }).click()
    let asked = 0
    page.on('dialog', (dialog) => {
      asked += 1
      void dialog.accept()
    })
    await page.goBack({ waitUntil: 'commit' })
    await expect(page).toHaveURL(workspace)
    expect(asked).toBe(1)

    await page.getByRole('link', { name: 'Manage milestones' }).click()
    await page.getByRole('button', { name: 'Remove “Second”' }).click()
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByRole('status').filter({ hasText: /Saved\./ })).toBeAttached()
    await page.goBack({ waitUntil: 'commit' })
    await expect(page).toHaveURL(workspace)
    expect(asked).toBe(1)
  })

  test('a save based on an old plan shows what changed and redoes the edit on the new plan', async ({ page }) => {
    const contract = await createContract(page, uniqueTitle('Stale'), [
      { title: 'One', amountCents: 10_000 },
      { title: 'Two', amountCents: 20_000 },
    ])
    await page.goto(`/contracts/${contract.id}/milestones`)
    await page.getByRole('button', { name: 'Edit “One”' }).click()
    await page.getByLabel('Amount (USD)').fill('150')
    await page.getByRole('button', { name: 'Done' }).click()

    // Meanwhile, in another tab, the plan changes.
    const current = await getContract(page, contract.id)
    await savePlan(page, current, [...upcoming(current), { title: 'Three', amountCents: 30_000 }])

    await page.getByRole('button', { name: 'Save' }).click()
    const notice = page.getByRole('alert').filter({ hasText: 'The plan changed while you were editing' })
    await expect(notice).toBeVisible()
    await expect(notice.getByText('Added “Three” ($300.00)')).toBeVisible()
    await notice.getByRole('button', { name: 'Redo my edits on the new plan' }).click()
    expect(await upcomingTitles(page)).toEqual(['One', 'Two', 'Three'])
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByRole('status').filter({ hasText: /Saved\./ })).toBeAttached()
    const saved = await getContract(page, contract.id)
    expect(saved.milestones.map((m) => [m.title, m.amountCents])).toEqual([
      ['One', 15_000],
      ['Two', 20_000],
      ['Three', 30_000],
    ])
  })

  test('stays usable with 200 milestones', async ({ page }) => {
    const milestones = Array.from({ length: 200 }, (_, i) => ({ title: `Task ${i + 1}`, amountCents: 500 + i }))
    const contract = await createContract(page, uniqueTitle('Big plan'), milestones)
    await page.goto(`/contracts/${contract.id}/milestones`)
    await expect(page.getByRole('button', { name: /^Re-order “/ })).toHaveCount(200)
    await page.getByRole('button', { name: 'Edit “Task 150”' }).click()
    const started = Date.now()
    await page.getByLabel('Title').pressSequentially(' renamed', { delay: 0 })
    expect(Date.now() - started).toBeLessThan(3_000)
    await page.getByRole('button', { name: 'Done' }).click()
    await moveByKeyboard(page, 'Task 1', 1)
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByRole('status').filter({ hasText: /Saved\./ })).toBeAttached()
    const saved = await getContract(page, contract.id)
    expect(saved.milestones.slice(0, 2).map((m) => m.title)).toEqual(['Task 2', 'Task 1'])
    expect(saved.milestones[149]!.title).toBe('Task 150 renamed')
  })
})
