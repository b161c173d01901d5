import 'server-only'
import type { Actor } from '@/domain/types'
import { getDb } from '../db/client'
import { prismaSql } from '../db/sql'
import { CommandError } from '../errors'
import { loadContract } from '../contracts/load-contract'
import { toCents, toDispute } from '../contracts/mapping'
import { escrowView } from '@/domain/escrow'
import { requireOperator } from '../operators'
import { toDisputeView } from './dispute-view'

export type OperatorDisputeView = Awaited<ReturnType<typeof getOperatorDispute>>

/**
 * R21: what an operator reads before deciding: the contract's parties and escrow, the disputed
 * milestone, both statements and every offer, the activity log (newest first) and the ledger.
 * Operators only; anyone else, and an unknown dispute, get NOT_FOUND. A caller that knows the
 * dispute's contract (the decision) passes `contractId`: on Citus a lookup by the dispute's id
 * alone asks every worker, one that names the contract asks the one holding it.
 */
export async function getOperatorDispute({ actor, disputeId, contractId: knownContractId }: { actor: Actor; disputeId: string; contractId?: string }) {
  await requireOperator(actor)
  const db = getDb()
  const found = await db.dispute.findFirst({ where: { id: disputeId, ...(knownContractId === undefined ? {} : { contractId: knownContractId }) }, select: { contractId: true } })
  if (!found) throw new CommandError('NOT_FOUND', 'No such dispute.')
  const { contractId } = found
  return db.$transaction(
    async (tx) => {
      const { contract, parties } = (await loadContract(prismaSql(tx), contractId))!
      const disputeRow = await tx.dispute.findUniqueOrThrow({
        where: { contractId_id: { contractId, id: disputeId } },
        include: { offers: { where: { contractId }, orderBy: { position: 'asc' } } },
      })
      const events = await tx.activityEvent.findMany({
        where: { contractId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        include: { actor: { select: { id: true, email: true, name: true } } },
      })
      const ledger = await tx.ledgerEntry.findMany({ where: { contractId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
      const milestone = contract.milestones.find((m) => m.id === disputeRow.milestoneId)!
      return {
        contract: {
          id: contract.id,
          title: contract.title,
          status: contract.status,
          client: parties.client,
          expert: parties.expert,
          escrow: escrowView(contract),
        },
        milestone: { id: milestone.id, title: milestone.title, state: milestone.state, fundedCents: milestone.fundedCents, releasedCents: milestone.releasedCents },
        dispute: toDisputeView(toDispute(disputeRow), contract),
        events: events.map((e) => ({ id: e.id, type: e.type, at: e.createdAt.toISOString(), actor: e.actor, data: e.data })),
        ledger: ledger.map((e) => ({ id: e.id, kind: e.kind, amountCents: toCents(e.amountCents), milestoneId: e.milestoneId, at: e.createdAt.toISOString() })),
      }
    },
    { isolationLevel: 'RepeatableRead' },
  )
}
