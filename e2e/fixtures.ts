import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test'

export const CLIENT = 'alice@example.com'
export const EXPERT = 'bob@example.com'

export type Milestone = { id: string; title: string; amountCents: number; dueDate: string | null; state: string }
export type Contract = { id: string; title: string; planVersion: number; milestones: Milestone[]; changeRequest: { id: string } | null }
export type PlanEntry = { id?: string; title: string; amountCents: number; dueDate?: string | null; description?: string }

/** Signs `page` in with the sign-in page's one-click demo button, as a person would. */
export async function loginAs(page: Page, email: string) {
  await page.goto('/signin?callbackUrl=%2Fcontracts')
  await page.getByRole('button', { name: `Sign in as ${email}` }).click()
  await page.waitForURL(/\/contracts$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Contracts' })).toBeVisible()
}

/** A new browser context signed in as `email`, with a page on the Contracts list. */
export async function newSession(browser: Browser, email: string) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, email)
  return { context, page }
}

/** The day `days` from today, "YYYY-MM-DD" (UTC; tests use days far enough out that zones never matter). */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

/** A unique title, so specs never see each other's contracts. */
export function uniqueTitle(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`
}

async function api<T>(request: APIRequestContext, method: 'post' | 'put' | 'get', path: string, data?: unknown): Promise<T> {
  const response = await request[method](path, {
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    ...(data === undefined ? {} : { data }),
  })
  if (!response.ok()) throw new Error(`${method.toUpperCase()} ${path} → ${response.status()} ${await response.text()}`)
  return (await response.json()) as T
}

/** Creates a contract through the API as the signed-in client of `page` (each spec makes its own). */
export function createContract(page: Page, title: string, milestones: PlanEntry[], expertEmail = EXPERT) {
  return api<Contract>(page.request, 'post', '/api/contracts', { title, expertEmail, milestones })
}

export function fundMilestone(page: Page, contractId: string, milestoneId: string) {
  return api<Contract>(page.request, 'post', `/api/contracts/${contractId}/milestones/${milestoneId}/fund`, {})
}

export function releasePayment(page: Page, contractId: string, milestoneId: string, amountCents: number) {
  return api<Contract>(page.request, 'post', `/api/contracts/${contractId}/milestones/${milestoneId}/release`, { amountCents })
}

/** Closes the contract as the signed-in member of `page` (at once when nothing is held). */
export function closeContract(page: Page, contractId: string, body: { refundCents?: number } = {}) {
  return api<Contract>(page.request, 'post', `/api/contracts/${contractId}/close`, body)
}

export function getContract(page: Page, contractId: string) {
  return api<Contract>(page.request, 'get', `/api/contracts/${contractId}`)
}

export function savePlan(page: Page, contract: Contract, milestones: PlanEntry[]) {
  return api<Contract>(page.request, 'put', `/api/contracts/${contract.id}/milestones`, { baseVersion: contract.planVersion, milestones })
}

export function proposeChanges(page: Page, contract: Contract, milestones: PlanEntry[], message: string) {
  return api<Contract>(page.request, 'post', `/api/contracts/${contract.id}/change-requests`, { baseVersion: contract.planVersion, milestones, message })
}

/** The upcoming milestones of a contract as plan entries (what a plan input sends back). */
export function upcoming(contract: Contract): PlanEntry[] {
  return contract.milestones.filter((m) => m.state === 'UPCOMING').map(({ id, title, amountCents, dueDate }) => ({ id, title, amountCents, dueDate }))
}

/** The titles of the editor's upcoming rows, in order. */
export async function upcomingTitles(page: Page): Promise<string[]> {
  const handles = page.getByRole('list', { name: 'Upcoming milestones' }).getByRole('button', { name: /^Re-order “/ })
  const labels = await handles.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''))
  return labels.map((label) => label.replace(/^Re-order “/, '').replace(/”$/, ''))
}

/** Full-page screenshot kept outside test-results/e2e (which Playwright wipes). */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true })
}

/**
 * Re-orders an editor row with the keyboard, as a screen-reader user would: Space picks it up,
 * arrows move it, Space drops it. Waits for dnd-kit's announcements between keys.
 */
export async function moveByKeyboard(page: Page, title: string, steps: number) {
  const announcements = page.locator('[id^="DndLiveRegion"]')
  await page.getByRole('button', { name: `Re-order “${title}”` }).focus()
  await page.keyboard.press('Space')
  await expect(announcements).toContainText(`Picked up “${title}”`)
  for (let i = 0; i < Math.abs(steps); i += 1) {
    await page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp')
    await expect(announcements).toContainText(`“${title}” moved to position`)
  }
  await page.keyboard.press('Space')
  await expect(announcements).toContainText(`“${title}” dropped at position`)
}
