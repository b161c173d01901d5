import { expect, test, type Page } from '@playwright/test'
import { expectAccessible } from './axe'
import { CLIENT, EXPERT, createContract, fundMilestone, getContract, loginAs, newSession, screenshot, uniqueTitle } from './fixtures'

// R21, the story: the expert opens a dispute, the client counters, the expert asks the operator,
// the operator decides, the money moves, and both parties read the decision in their mailbox.
const OPERATOR = 'operator@example.com'

/** The newest email to `to` whose subject matches, opened in the dev mailbox. */
async function openEmail(page: Page, to: string, subject: RegExp) {
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`)
  await page.getByRole('link', { name: subject }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible()
  return page.frameLocator('iframe')
}

test('dispute → counter-offer → escalate → the operator decides → money settled, both parties emailed', async ({ page, browser }) => {
  test.setTimeout(180_000)
  await loginAs(page, CLIENT)
  const title = uniqueTitle('Dispute')
  const contract = await createContract(page, title, [
    { title: 'Landing page', amountCents: 10_000 },
    { title: 'Blog', amountCents: 20_000 },
  ])
  await fundMilestone(page, contract.id, contract.milestones[0]!.id)

  // The expert opens a dispute with a statement and an offer; the form checks the held amount first.
  const expert = await newSession(browser, EXPERT)
  await expert.page.goto(`/contracts/${contract.id}`)
  const start = expert.page.getByRole('region', { name: 'Dispute' })
  await start.getByRole('button', { name: 'Open a dispute…' }).click()
  await start.getByLabel('Released to the expert (USD)').fill('150')
  await start.getByLabel('Statement').fill('The page was delivered as agreed; the client stopped answering.')
  await start.getByRole('button', { name: 'Open dispute' }).click()
  await expect(start.getByText('At most $100.00, what the milestone holds.')).toBeVisible()
  await expectAccessible(expert.page, 'workspace, open-a-dispute form with an error')
  await start.getByLabel('Released to the expert (USD)').fill('80')
  await expect(start.getByText('Refunded to the client: $20.00.')).toBeVisible()
  await start.getByRole('button', { name: 'Open dispute' }).click()
  const disputeCard = expert.page.getByRole('region', { name: 'Dispute about “Landing page”' })
  await expect(disputeCard.getByText('Open dispute', { exact: true })).toBeVisible()
  await expect(disputeCard.getByText(/You opened the dispute and offered \$80\.00 to the expert/)).toBeVisible()
  await expect(disputeCard.getByText('Your offer waits for Alice Client’s answer.')).toBeVisible()
  await screenshot(expert.page, 'workspace-dispute-open-expert')
  await expectAccessible(expert.page, 'workspace with an open dispute as expert')

  // The client: no money moves now; answer with a counter-offer.
  await page.goto(`/contracts/${contract.id}`)
  const clientCard = page.getByRole('region', { name: 'Dispute about “Landing page”' })
  await expect(clientCard.getByText(/Bob Expert \(expert\) opened the dispute and offered \$80\.00/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Release payment' })).toHaveCount(0)
  await clientCard.getByRole('button', { name: 'Counter-offer' }).click()
  await clientCard.getByLabel('Released to the expert (USD)').fill('30')
  await clientCard.getByLabel('Statement').fill('Only the hero section works on phones.')
  await screenshot(page, 'workspace-dispute-counter-client')
  await expectAccessible(page, 'workspace, counter-offer form as client')
  await clientCard.getByRole('button', { name: 'Send counter-offer' }).click()
  await expect(clientCard.getByText(/You offered \$30\.00 to the expert, \$70\.00 back to the client — standing offer/)).toBeVisible()

  // The expert asks the operator to decide.
  await expert.page.reload()
  await expect(disputeCard.getByRole('button', { name: 'Accept offer' })).toBeVisible()
  await disputeCard.getByRole('button', { name: 'Ask the operator to decide' }).click()
  await expect(disputeCard.getByText('With the operator')).toBeVisible()
  await expect(disputeCard.getByRole('button', { name: 'Ask the operator to decide' })).toHaveCount(0)

  // A party is not an operator: the operator pages do not exist for them.
  const refused = await page.goto('/operator/disputes')
  expect(refused?.status()).toBe(404)

  // The operator decides.
  const operator = await newSession(browser, OPERATOR)
  await operator.page.getByRole('link', { name: 'Disputes' }).click()
  await expect(operator.page.getByRole('heading', { level: 1, name: 'Escalated disputes' })).toBeVisible()
  await screenshot(operator.page, 'operator-disputes')
  await expectAccessible(operator.page, 'operator disputes list')
  await operator.page.getByRole('link', { name: `${title}: “Landing page”` }).click()
  await expect(operator.page.getByRole('heading', { level: 1, name: `${title}: “Landing page”` })).toBeVisible()
  const offers = operator.page.getByRole('region', { name: 'Statements and offers' })
  await expect(offers.getByText('The page was delivered as agreed; the client stopped answering.')).toBeVisible()
  await expect(offers.getByText('Only the hero section works on phones.')).toBeVisible()
  await expect(operator.page.getByRole('region', { name: 'Activity' }).getByText('asked the operator to decide the dispute')).toBeVisible()
  await expect(operator.page.getByRole('table', { name: /Every money movement/ }).getByRole('row')).toHaveCount(2)
  await screenshot(operator.page, 'operator-dispute-detail')
  await expectAccessible(operator.page, 'operator dispute detail')
  await operator.page.setViewportSize({ width: 375, height: 800 })
  await screenshot(operator.page, 'operator-dispute-detail-375')
  await expectAccessible(operator.page, 'operator dispute detail at 375px')
  await operator.page.goto('/operator/disputes')
  await screenshot(operator.page, 'operator-disputes-375')
  await expectAccessible(operator.page, 'operator disputes list at 375px')
  await operator.page.getByRole('link', { name: `${title}: “Landing page”` }).click()
  const decide = operator.page.getByRole('region', { name: 'Decide' })
  await decide.getByLabel('Released to the expert (USD)').fill('45')
  await decide.getByLabel('Reason').fill('The hero works everywhere; the rest needs fixes on phones.')
  await decide.getByRole('button', { name: 'Decide and settle' }).click()
  const decision = operator.page.getByRole('region', { name: 'Decision' })
  await expect(decision.getByText(/\$45\.00 released to the expert, \$55\.00 refunded to the client/)).toBeVisible()
  await expect(operator.page.getByText('Settled', { exact: true })).toBeVisible()
  await operator.context.close()

  // The money moved: released $45.00, refunded $55.00; the client can fund the next milestone.
  await page.goto(`/contracts/${contract.id}`)
  const settled = page.getByRole('region', { name: 'Dispute about “Landing page”' })
  await expect(settled.getByText(/The operator decided: \$45\.00 released to the expert and \$55\.00 refunded to the client/)).toBeVisible()
  const escrow = page.getByRole('region', { name: 'Escrow' })
  await expect(escrow.getByText('Refunded to client').locator('..')).toContainText('$55.00')
  const after = await getContract(page, contract.id)
  expect(after.milestones.map((m) => m.state)).toEqual(['RELEASED', 'UPCOMING'])
  await page.setViewportSize({ width: 375, height: 800 })
  await screenshot(page, 'workspace-dispute-settled-client-375')
  await expectAccessible(page, 'workspace with a settled dispute at 375px')

  // Both parties read the decision in their mailbox, and its link leads back to the dispute.
  for (const [who, session] of [
    [CLIENT, page],
    [EXPERT, expert.page],
  ] as const) {
    const email = await openEmail(session, who, new RegExp(`The operator decided the dispute on “${title}”`))
    await expect(email.getByText('$45.00 released to the expert and $55.00 refunded to the client', { exact: false })).toBeVisible()
    await expect(email.getByText('The hero works everywhere; the rest needs fixes on phones.')).toBeVisible()
    await email.getByRole('link', { name: 'Open the dispute' }).click()
    await session.waitForURL(new RegExp(`/contracts/${contract.id}#dispute$`))
  }
  await expert.context.close()
})
