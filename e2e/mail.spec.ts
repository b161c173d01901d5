import { expect, test, type APIRequestContext } from '@playwright/test'

// Needs the server started as a demo (DEMO_MODE=1, no SMTP_URL): only then is /dev/mailbox served,
// and demo sign-in on (scripts/e2e-server.mjs).
const CLIENT = 'alice@example.com'
const EXPERT = 'bob@example.com'

/** Demo sign-in through next-auth, as PRODUCT.md describes it for scripts and tests. */
async function signInByApi(request: APIRequestContext, email: string) {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string }
  const response = await request.post('/api/auth/callback/demo', { form: { csrfToken, email, json: 'true' } })
  expect(response.ok()).toBe(true)
}

test('a plan the client saves reaches the expert by email, whose link leads through sign-in to the change', async ({ browser, baseURL }) => {
  const title = `Mail e2e ${Date.now()}`
  const json = { Origin: new URL(baseURL!).origin, 'Content-Type': 'application/json' }

  // The client creates a contract with the demo expert and saves a changed plan.
  const clientContext = await browser.newContext()
  await signInByApi(clientContext.request, CLIENT)
  const created = await clientContext.request.post('/api/contracts', {
    headers: json,
    data: { title, expertEmail: EXPERT, milestones: [{ title: 'Design', amountCents: 50_000 }] },
  })
  expect(created.status()).toBe(201)
  const contract = (await created.json()) as { id: string; planVersion: number; milestones: { id: string; title: string; amountCents: number }[] }
  const [design] = contract.milestones
  const saved = await clientContext.request.put(`/api/contracts/${contract.id}/milestones`, {
    headers: json,
    data: {
      baseVersion: contract.planVersion,
      milestones: [
        { id: design!.id, title: 'Design', amountCents: 50_000 },
        { title: 'Launch checklist', amountCents: 20_000 },
      ],
    },
  })
  expect(saved.status()).toBe(200)
  await clientContext.close()

  // The expert, signed out, opens the email in the dev mailbox and follows its link.
  const expertContext = await browser.newContext()
  const page = await expertContext.newPage()
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(EXPERT)}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Dev mailbox' })).toBeVisible()
  await page.getByRole('link', { name: new RegExp(`changed the milestones on “${title}”`) }).click()
  await expect(page.getByRole('heading', { level: 1, name: /changed the milestones on/ })).toBeVisible()
  const email = page.frameLocator('iframe')
  await expect(email.getByText('Added “Launch checklist” ($200.00)')).toBeVisible()
  await email.getByRole('link', { name: 'View milestones' }).click()

  // Signed out: sign-in first, then straight back to the workspace the link named.
  await page.waitForURL(/\/signin\?/)
  await page.getByRole('button', { name: `Sign in as ${EXPERT}` }).click()
  await page.waitForURL(new RegExp(`/contracts/${contract.id}$`))
  await expect(page.getByRole('article', { name: /Launch checklist/ })).toBeVisible()
  await expertContext.close()
})
