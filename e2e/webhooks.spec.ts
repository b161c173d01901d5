import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from '@playwright/test'
import { verifyWebhook } from '../docs/examples/verify-webhook'
import { expectAccessible } from './axe'
import { CLIENT, createContract, fundMilestone, loginAs, screenshot, uniqueTitle } from './fixtures'

/**
 * R23 in the browser: a client adds a webhook on /settings/webhooks (its receiver runs here, on
 * loopback, which the e2e server allows with WEBHOOK_ALLOW_PRIVATE=1), funds a milestone, and sees
 * the delivery in the log; the receiver checks the signature with the documented verifier and the
 * secret the page showed once.
 */

type Received = { headers: IncomingHttpHeaders; body: string }

async function startReceiver() {
  const received: Received[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') })
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { received, url: `http://127.0.0.1:${port}/hooks/${Date.now().toString(36)}`, close: () => new Promise((resolve) => server.close(resolve)) }
}

test('a client adds a webhook, funds a milestone and sees the signed delivery in the log', async ({ page }) => {
  test.setTimeout(120_000)
  const receiver = await startReceiver()
  await loginAs(page, CLIENT)

  await page.goto('/settings/webhooks')
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Webhooks' })).toHaveAttribute('aria-current', 'page')
  await screenshot(page, 'settings-webhooks-empty')
  await expectAccessible(page, 'webhooks settings')

  // A URL the SSRF guard refuses even with WEBHOOK_ALLOW_PRIVATE (plain http beyond loopback) is
  // explained on the field, and nothing is added.
  await page.getByLabel('Endpoint URL').fill('http://192.168.1.20/hook')
  await page.getByRole('button', { name: 'Add webhook' }).click()
  await expect(page.getByLabel('Endpoint URL')).toHaveAccessibleDescription(/plain http is allowed for loopback test receivers only/)
  await expect(page.getByText('No webhooks yet.')).toBeVisible()

  await page.getByLabel('Endpoint URL').fill(receiver.url)
  await page.getByRole('radio', { name: 'Only the events I choose' }).check()
  await page.getByRole('checkbox', { name: 'Milestone funded' }).check()
  await page.getByRole('checkbox', { name: 'Payment released' }).check()
  await page.getByRole('button', { name: 'Add webhook' }).click()

  await expect(page.getByRole('heading', { name: 'Copy the signing secret now' })).toBeFocused()
  const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue()
  expect(secret).toMatch(/^whsec_/)
  await screenshot(page, 'settings-webhooks-secret')
  await expectAccessible(page, 'webhooks settings with the new secret')
  await page.getByRole('button', { name: 'Done, I have copied it' }).click()
  await expect(page.getByRole('textbox', { name: 'Signing secret' })).toHaveCount(0)

  const row = page.getByRole('listitem', { name: receiver.url })
  await expect(row).toContainText('Milestone funded, Payment released')
  await expect(row).toContainText('On')

  const contract = await createContract(page, uniqueTitle('Hooked'), [{ title: 'Design', amountCents: 25_000 }])
  await fundMilestone(page, contract.id, contract.milestones[0]!.id)

  await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1)
  const [request] = receiver.received
  const verified = verifyWebhook({ secret, headers: request!.headers as Record<string, string>, body: request!.body })
  expect(verified).toMatchObject({ ok: true })
  const payload = JSON.parse(request!.body) as { id: string; type: string; contractId: string; data: { milestoneId: string } }
  expect(payload).toMatchObject({ type: 'MILESTONE_FUNDED', contractId: contract.id, data: { milestoneId: contract.milestones[0]!.id } })
  expect(request!.headers['webhook-id']).toBe(payload.id)

  await row.getByRole('button', { name: 'Delivery log' }).click()
  const log = row.getByRole('region', { name: 'Delivery log' })
  await expect(async () => {
    await log.getByRole('button', { name: 'Refresh' }).click()
    await expect(log.getByRole('listitem', { name: 'Milestone funded: Delivered' })).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
  const delivery = log.getByRole('listitem', { name: 'Milestone funded: Delivered' })
  await expect(delivery).toContainText(`webhook-id ${payload.id}`)
  await expect(delivery.getByRole('row').nth(1)).toContainText('204')
  await screenshot(page, 'settings-webhooks-log')
  await expectAccessible(page, 'webhooks settings with the delivery log')

  // Redeliver sends the same event again, same webhook-id.
  await delivery.getByRole('button', { name: 'Redeliver' }).click()
  await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(2)
  expect(receiver.received[1]!.headers['webhook-id']).toBe(payload.id)
  expect(verifyWebhook({ secret, headers: receiver.received[1]!.headers as Record<string, string>, body: receiver.received[1]!.body }).ok).toBe(true)

  // On a phone.
  await page.setViewportSize({ width: 375, height: 800 })
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible()
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(scrollWidth).toBeLessThanOrEqual(375)
  await page.getByRole('listitem', { name: receiver.url }).getByRole('button', { name: 'Delivery log' }).click()
  await expect(page.getByRole('listitem', { name: 'Milestone funded: Delivered' })).toBeVisible()
  await screenshot(page, 'settings-webhooks-375')
  await expectAccessible(page, 'webhooks settings at 375px')

  // Clean up: the demo client keeps no webhook for later specs.
  await page.getByRole('listitem', { name: receiver.url }).getByRole('button', { name: /^Delete the webhook/ }).click()
  await page.getByRole('button', { name: 'Delete webhook' }).click()
  await expect(page.getByRole('listitem', { name: receiver.url })).toHaveCount(0)
  await receiver.close()
})
