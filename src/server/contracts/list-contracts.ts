import 'server-only'
import type { Actor } from '@/domain/types'
import { getDb } from '../db/client'
import { toCents, toIsoDate } from './mapping'

export type ContractSummary = Awaited<ReturnType<typeof listContracts>>['contracts'][number]

/**
 * The user's contracts as client and as expert, newest first, each with its next milestone (the
 * one in progress, else the first upcoming), what escrow holds, and whether it waits for the user.
 */
export async function listContracts({ actor }: { actor: Actor }) {
  const rows = await getDb().contract.findMany({
    where: { OR: [{ clientId: actor.userId }, { expertId: actor.userId }] },
    orderBy: { createdAt: 'desc' },
    include: {
      // Locked milestones sit at the head of the plan, so the first open one is the next one.
      milestones: { where: { state: { in: ['FUNDED', 'SUBMITTED', 'UPCOMING'] } }, orderBy: { position: 'asc' }, take: 1 },
      changeRequests: { where: { status: 'PENDING' }, select: { id: true } },
    },
  })
  // What the plan still needs funded (upcoming amounts less the escrow balance), for the list's progress bar.
  const upcoming = await getDb().milestone.groupBy({
    by: ['contractId'],
    where: { contractId: { in: rows.map((row) => row.id) }, state: 'UPCOMING' },
    _sum: { amountCents: true },
  })
  const toFund = new Map(upcoming.map((group) => [group.contractId, group._sum.amountCents ?? 0]))
  return {
    contracts: rows.map((row) => {
      const role = row.clientId === actor.userId ? ('CLIENT' as const) : ('EXPERT' as const)
      const next = row.milestones[0]
      const held = toCents(row.depositedCents - row.releasedCents - row.refundedCents)
      const requestWaits = role === 'CLIENT' && row.changeRequests.length > 0
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
      }
    }),
  }
}
