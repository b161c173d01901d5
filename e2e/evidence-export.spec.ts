import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { expectAccessible } from './axe'
import { CLIENT, EXPERT, createContract, fundMilestone, loginAs, newSession, releasePayment, savePlan, screenshot, uniqueTitle, upcoming } from './fixtures'

/** Clicks a download link of the Workspace's record card and returns what the browser saved. */
async function downloadRecord(page: Page, contractId: string, format: 'CSV' | 'JSON') {
  await page.goto(`/contracts/${contractId}`)
  const link = page.getByRole('region', { name: 'Contract record' }).getByRole('link', { name: `Download ${format}` })
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  const path = await download.path()
  return { name: download.suggestedFilename(), bytes: await readFile(path) }
}

test('the client and the expert download the same record from the Workspace, byte for byte', async ({ page, browser }) => {
  test.setTimeout(120_000)
  await loginAs(page, CLIENT)
  // History worth exporting: a plan edit, a partial release, non-ASCII and a would-be formula.
  let contract = await createContract(page, uniqueTitle('Récord'), [
    { title: 'Discovery', amountCents: 30_000, description: 'Interviews' },
    { title: '=SUM(A1:A9) Build', amountCents: 80_000 },
  ])
  const [discovery, build] = upcoming(contract)
  contract = await savePlan(page, contract, [{ ...discovery!, amountCents: 35_000, description: 'Interviews, notes' }, build!])
  await fundMilestone(page, contract.id, contract.milestones[0]!.id)
  await releasePayment(page, contract.id, contract.milestones[0]!.id, 20_000)
  await fundMilestone(page, contract.id, contract.milestones[1]!.id)
  const expert = await newSession(browser, EXPERT)

  for (const format of ['CSV', 'JSON'] as const) {
    const fromClient = await downloadRecord(page, contract.id, format)
    const fromExpert = await downloadRecord(expert.page, contract.id, format)
    expect(fromClient.name).toBe(`tranche-contract-${contract.id}.${format.toLowerCase()}`)
    expect(fromExpert.name).toBe(fromClient.name)
    expect(fromExpert.bytes.equals(fromClient.bytes), `${format} bytes differ between the parties`).toBe(true)
    // The saved file is what the API's Digest vouches for.
    const answer = await page.request.get(`/api/contracts/${contract.id}/export?format=${format.toLowerCase()}`)
    expect(answer.headers()['digest']).toBe(`sha-256=${createHash('sha256').update(fromClient.bytes).digest('base64')}`)

    if (format === 'CSV') {
      const text = fromClient.bytes.toString('utf8')
      expect([...fromClient.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      expect(text).toContain('\r\n')
      expect(text).toContain("'=SUM(A1:A9) Build")
      expect(text).toContain('Changed amount of “Discovery” from $300.00 to $350.00')
    } else {
      const record = JSON.parse(fromClient.bytes.toString('utf8'))
      expect(record.contract.title).toBe(contract.title)
      expect(record.ledger.map((e: { kind: string; heldCents: number }) => [e.kind, e.heldCents])).toEqual([
        ['DEPOSIT', 35_000],
        ['RELEASE', 15_000],
        // Build is funded with the 150.00 left over and a 650.00 deposit.
        ['DEPOSIT', 80_000],
      ])
    }
  }

  // The card in both roles, axe-clean, at desktop width and on a phone.
  for (const [role, session] of [['client', page], ['expert', expert.page]] as const) {
    await session.goto(`/contracts/${contract.id}`)
    await expect(session.getByRole('heading', { name: 'Contract record' })).toBeVisible()
    await screenshot(session, `workspace-record-${role}`)
    await expectAccessible(session, `workspace with the record card as ${role}`)
  }
  await page.setViewportSize({ width: 375, height: 800 })
  await page.goto(`/contracts/${contract.id}`)
  await page.getByRole('heading', { name: 'Contract record' }).scrollIntoViewIfNeeded()
  await screenshot(page, 'workspace-record-client-375')
  await expectAccessible(page, 'workspace with the record card at 375px')
  await expert.context.close()
})
