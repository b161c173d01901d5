// `npm run db:seed`: demo accounts and contracts on DATABASE_URL, built through the same services
// the app uses, so every ledger row, activity event and email is real. Idempotent: when the demo
// accounts exist already, nothing changes. `npm run dev` runs it on the embedded database.
import type { Cents } from '@/domain/money'
import type { Actor, PlanEntry } from '@/domain/types'
import * as rules from '@/domain'
import { DEMO_ACCOUNTS, DEMO_OPERATOR } from '@/server/auth/demo-accounts'
import { runContractCommand } from '@/server/contracts/run-command'
import { escalateDispute } from '@/server/disputes/escalate-dispute'
import { makeDisputeOffer } from '@/server/disputes/make-dispute-offer'
import { openDispute } from '@/server/disputes/open-dispute'
import { acceptClose } from '@/server/contracts/accept-close'
import { closeContract } from '@/server/contracts/close-contract'
import { createContract } from '@/server/contracts/create-contract'
import { fundMilestone } from '@/server/contracts/fund-milestone'
import { leaveReview } from '@/server/contracts/leave-review'
import { proposeChanges } from '@/server/contracts/propose-changes'
import { releasePayment } from '@/server/contracts/release-payment'
import { submitWork } from '@/server/contracts/submit-work'
import { getDb } from '@/server/db/client'

const NAMES: Record<(typeof DEMO_ACCOUNTS)[number], string> = {
  'alice@example.com': 'Alice Client',
  'bob@example.com': 'Bob Expert',
  'carol@example.com': 'Carol Client',
  'operator@example.com': 'Olivia Operator',
}

/** A due date `days` from today, as the calendar day the domain expects. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

const m = (title: string, dollars: number, dueInDays: number | null, description = ''): PlanEntry => ({
  title,
  description,
  amountCents: (dollars * 100) as Cents,
  dueDate: dueInDays === null ? null : inDays(dueInDays),
})

async function seed(): Promise<boolean> {
  const db = getDb()
  if (await db.user.findUnique({ where: { email: DEMO_ACCOUNTS[0] } })) return false
  const people = DEMO_ACCOUNTS.filter((email) => email !== DEMO_OPERATOR)
  await db.user.createMany({ data: people.map((email) => ({ email, name: NAMES[email], emailVerified: new Date() })) })
  const users = await db.user.findMany({ where: { email: { in: [...DEMO_ACCOUNTS] } } })
  const actor = (email: string): Actor => ({ userId: users.find((u) => u.email === email)!.id })
  const alice = actor('alice@example.com')
  const bob = actor('bob@example.com')
  const carol = actor('carol@example.com')

  // 1. Released, partially released with a balance, funded from it, upcoming, and a pending request.
  let web = await createContract({
    actor: alice,
    title: 'Website redesign',
    expertEmail: 'bob@example.com',
    milestones: [
      m('Discovery workshop', 400, 10, 'Interviews and a sitemap.'),
      m('Visual design', 1200, 20, 'Three page templates in Figma.'),
      m('Build pages', 900, 30),
      m('Launch', 300, 40),
    ],
  })
  const [discovery, design, build] = web.milestones
  await fundMilestone({ actor: alice, contractId: web.id, milestoneId: discovery!.id })
  await submitWork({ actor: bob, contractId: web.id, milestoneId: discovery!.id, message: 'Discovery notes and the sitemap are ready for your review.', links: ['https://example.com/discovery-notes'] })
  await releasePayment({ actor: alice, contractId: web.id, milestoneId: discovery!.id, amountCents: 40_000 })
  await fundMilestone({ actor: alice, contractId: web.id, milestoneId: design!.id })
  await releasePayment({ actor: alice, contractId: web.id, milestoneId: design!.id, amountCents: 100_000 })
  web = await fundMilestone({ actor: alice, contractId: web.id, milestoneId: build!.id })
  const upcoming = web.milestones.filter((x) => x.state === 'UPCOMING')
  await proposeChanges({
    actor: bob,
    contractId: web.id,
    baseVersion: web.planVersion,
    message: 'Launch needs a day of QA, and analytics should be its own milestone.',
    milestones: [
      ...upcoming.map((x) => ({ id: x.id, title: x.title, description: x.description, amountCents: (x.amountCents + 15_000) as Cents, dueDate: x.dueDate })),
      m('Analytics setup', 250, 45, 'Events and a dashboard.'),
    ],
  })

  // 2. Work submitted and waiting for approval.
  const app = await createContract({
    actor: alice,
    title: 'Mobile app MVP',
    expertEmail: 'bob@example.com',
    milestones: [m('Clickable prototype', 1500, 7), m('iOS beta', 4000, 35)],
  })
  await fundMilestone({ actor: alice, contractId: app.id, milestoneId: app.milestones[0]!.id })
  await submitWork({ actor: bob, contractId: app.id, milestoneId: app.milestones[0]!.id, message: 'The first build is ready to try.' })

  // 3. Closed with everything held refunded, and both reviews.
  const logo = await createContract({ actor: alice, title: 'Logo refresh', expertEmail: 'bob@example.com', milestones: [m('Logo concepts', 350, 5)] })
  await fundMilestone({ actor: alice, contractId: logo.id, milestoneId: logo.milestones[0]!.id })
  await closeContract({ actor: alice, contractId: logo.id, refundCents: 35_000 })
  await acceptClose({ actor: bob, contractId: logo.id })
  await leaveReview({ actor: alice, contractId: logo.id, rating: 4, timelinessRating: 5, comment: 'Quick and friendly, but we changed direction.' })
  await leaveReview({ actor: bob, contractId: logo.id, rating: 5, comment: 'Clear brief, prompt decisions.' })

  // 4. Carol's contract with Bob: Alice is an outsider to it.
  const audit = await createContract({
    actor: carol,
    title: 'Data pipeline audit',
    expertEmail: 'bob@example.com',
    milestones: [m('Audit report', 2000, 14), m('Fixes', 1500, 28)],
  })
  await fundMilestone({ actor: carol, contractId: audit.id, milestoneId: audit.milestones[0]!.id })
  return true
}

/**
 * R21: the operator account and one dispute in each state (open, escalated, settled by the
 * operator), so a newcomer sees the whole flow. Runs once, also on a database seeded before
 * disputes existed: it is keyed on the operator account.
 */
async function seedDisputes(): Promise<boolean> {
  const db = getDb()
  if (await db.user.findUnique({ where: { email: DEMO_OPERATOR } })) return false
  const operatorRow = await db.user.create({ data: { email: DEMO_OPERATOR, name: NAMES[DEMO_OPERATOR], emailVerified: new Date() } })
  const users = await db.user.findMany({ where: { email: { in: ['alice@example.com', 'bob@example.com'] } } })
  const actor = (email: string): Actor => ({ userId: users.find((u) => u.email === email)!.id })
  const alice = actor('alice@example.com')
  const bob = actor('bob@example.com')
  const operator: Actor = { userId: operatorRow.id }
  const funded = async (title: string, milestone: PlanEntry) => {
    const contract = await createContract({ actor: alice, title, expertEmail: 'bob@example.com', milestones: [milestone] })
    await fundMilestone({ actor: alice, contractId: contract.id, milestoneId: contract.milestones[0]!.id })
    return contract
  }

  // Open: Bob disputes a milestone Alice will not release, and waits for her answer.
  const brand = await funded('Brand guidelines', m('Guidelines document', 800, 12, 'Colours, type and logo use.'))
  await submitWork({ actor: bob, contractId: brand.id, milestoneId: brand.milestones[0]!.id, message: 'The guidelines are in the shared folder, every section of the brief.' })
  await openDispute({ actor: bob, contractId: brand.id, statement: 'The guidelines were delivered as agreed two weeks ago, with every section of the brief.', releaseCents: 80_000 })

  // Escalated: an offer, a counter-offer, and Alice asks the operator to decide.
  const copy = await funded('Marketing site copy', m('Homepage and pricing copy', 600, 9))
  const copyDispute = await openDispute({ actor: alice, contractId: copy.id, statement: 'Only the homepage was written; the pricing page is missing.', releaseCents: 30_000 })
  await makeDisputeOffer({ actor: bob, contractId: copy.id, disputeId: copyDispute.dispute!.id, statement: 'The pricing page waits for prices the client never sent. Most of the work is done.', releaseCents: 50_000 })
  await escalateDispute({ actor: alice, contractId: copy.id, disputeId: copyDispute.dispute!.id })

  // Settled: escalated by Bob, decided by the operator.
  const mail = await funded('Newsletter templates', m('Three email templates', 450, 6))
  const mailDispute = await openDispute({ actor: alice, contractId: mail.id, statement: 'The templates break in Outlook.', releaseCents: 15_000 })
  await escalateDispute({ actor: bob, contractId: mail.id, disputeId: mailDispute.dispute!.id })
  await runContractCommand({
    actor: operator,
    contractId: mail.id,
    asOperator: true,
    decide: (contract, ctx) =>
      rules.decideDispute(contract, operator, { disputeId: mailDispute.dispute!.id, releaseCents: 36_000 as Cents, reason: 'Two of three templates work everywhere; the Outlook fix is a small part of the job.' }, ctx),
  })
  return true
}

if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL is not set. (npm run dev seeds the embedded database by itself.)')
  process.exit(1)
}
const seeded = await seed()
const disputes = await seedDisputes()
console.log(seeded || disputes ? '  Demo data seeded.' : '  Demo data already present; nothing changed.')
await getDb().$disconnect()
