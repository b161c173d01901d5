import 'server-only'
import type { Actor } from '@/domain/types'
import { getDb } from '../db/client'
import { toCents } from '../contracts/mapping'
import { requireOperator } from '../operators'

/** How many escalated disputes one page lists; an operator works from the oldest. */
const PAGE = 100

/** R21: the escalated disputes waiting for an operator, oldest escalation first. Operators only. */
export async function listEscalatedDisputes({ actor }: { actor: Actor }) {
  await requireOperator(actor)
  const rows = await getDb().dispute.findMany({
    where: { status: 'ESCALATED' },
    orderBy: [{ escalatedAt: 'asc' }, { id: 'asc' }],
    take: PAGE,
    include: {
      contract: { select: { title: true, client: { select: { name: true, email: true } }, expert: { select: { name: true, email: true } } } },
      milestone: { select: { title: true, fundedCents: true } },
    },
  })
  return {
    disputes: rows.map((d) => ({
      id: d.id,
      contractId: d.contractId,
      contractTitle: d.contract.title,
      client: d.contract.client,
      expert: d.contract.expert,
      milestoneTitle: d.milestone.title,
      heldCents: toCents(d.milestone.fundedCents),
      openedAt: d.openedAt.toISOString(),
      escalatedAt: d.escalatedAt?.toISOString() ?? null,
    })),
  }
}
