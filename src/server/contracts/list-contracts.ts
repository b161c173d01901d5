import 'server-only'
import type { Actor } from '@/domain/types'
import { getDb } from '../db/client'
import { CONTRACTS_PAGE_SIZE, CONTRACTS_PAGE_SIZE_MAX, decodeContractCursor, encodeContractCursor, type ContractCursor } from './contract-cursor'
import { toCents, toIsoDate } from './mapping'

export type ContractSummary = Awaited<ReturnType<typeof listContracts>>['contracts'][number]

/**
 * One page of the user's contracts as client and as expert, newest first, each with its next
 * milestone (the one in progress, else the first upcoming), what escrow holds, and whether it
 * waits for the user; `nextCursor` is null on the last page. Keyset pagination on (createdAt, id):
 * a cursor only positions, so one from another user's list shows nothing of theirs.
 */
export async function listContracts({ actor, after = null, limit = CONTRACTS_PAGE_SIZE }: { actor: Actor; after?: ContractCursor | null; limit?: number }) {
  const member = { OR: [{ clientId: actor.userId }, { expertId: actor.userId }] }
  const rows = await getDb().contract.findMany({
    where: after ? { AND: [member, { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] } : member,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    // One more than the page: whether it exists says whether there is a next page.
    take: limit + 1,
    include: {
      // Locked milestones sit at the head of the plan, so the first open one is the next one.
      milestones: { where: { state: { in: ['FUNDED', 'SUBMITTED', 'UPCOMING'] } }, orderBy: { position: 'asc' }, take: 1 },
      changeRequests: { where: { status: 'PENDING' }, select: { id: true, authorRole: true } },
    },
  })
  const page = rows.slice(0, limit)
  // What the plan still needs funded (upcoming amounts less the escrow balance), for the list's progress bar.
  const upcoming = await getDb().milestone.groupBy({
    by: ['contractId'],
    where: { contractId: { in: page.map((row) => row.id) }, state: 'UPCOMING' },
    _sum: { amountCents: true },
  })
  const toFund = new Map(upcoming.map((group) => [group.contractId, group._sum.amountCents ?? 0]))
  const last = rows.length > limit ? page.at(-1) : undefined
  return {
    contracts: page.map((row) => {
      const role = row.clientId === actor.userId ? ('CLIENT' as const) : ('EXPERT' as const)
      const next = row.milestones[0]
      const held = toCents(row.depositedCents - row.releasedCents - row.refundedCents)
      // R18: a pending request or counter waits for the party who did not make it.
      const requestWaits = row.changeRequests.some((r) => r.authorRole !== role)
      const closeWaits = role === 'EXPERT' && row.closeRefundCents !== null
      return {
        id: row.id,
        title: row.title,
        status: row.status,
        role,
        nextMilestone: next
          ? { id: next.id, title: next.title, amountCents: toCents(next.amountCents), dueDate: toIsoDate(next.dueDate), state: next.state }
          : null,
        heldCents: held,
        releasedCents: toCents(row.releasedCents),
        refundedCents: toCents(row.refundedCents),
        toFundCents: toCents(Math.max(0, (toFund.get(row.id) ?? 0) - Number(row.balanceCents))),
        waitingForYou: row.status === 'OPEN' && (requestWaits || closeWaits),
        /** What waits: the list's badge says which. */
        waitingFor: row.status !== 'OPEN' ? null : requestWaits ? ('REVIEW_UPDATES' as const) : closeWaits ? ('CLOSE_PROPOSAL' as const) : null,
      }
    }),
    nextCursor: last ? encodeContractCursor(last) : null,
  }
}

/**
 * The user's newest `count` contracts, read a page at a time, and whether there are more: what the
 * Contracts page shows, growing by a page with each "Show more contracts".
 */
export async function listNewestContracts({ actor, count }: { actor: Actor; count: number }) {
  const contracts: ContractSummary[] = []
  let after: ContractCursor | null = null
  let more = false
  while (contracts.length < count) {
    const page: Awaited<ReturnType<typeof listContracts>> = await listContracts({ actor, after, limit: Math.min(CONTRACTS_PAGE_SIZE_MAX, count - contracts.length) })
    contracts.push(...page.contracts)
    more = page.nextCursor !== null
    if (!page.nextCursor) break
    after = decodeContractCursor(page.nextCursor)
  }
  return { contracts, more }
}
