import 'server-only'
import { comparePlanSnapshots, type PlanSnapshotEntry } from '@/domain/plan-history'
import type { Actor } from '@/domain/types'
import { getDb } from '../db/client'
import { CommandError } from '../errors'
import { requireContractMember } from './require-member'

const actorFields = { select: { id: true, email: true, name: true } } as const

/** R20: the contract's plan versions, newest first, with who made each, when and why; members only. */
export async function listPlanVersions({ actor, contractId }: { actor: Actor; contractId: string }) {
  await requireContractMember({ actor, contractId })
  const rows = await getDb().planVersion.findMany({
    where: { contractId },
    orderBy: { version: 'desc' },
    select: { version: true, createdAt: true, reason: true, actor: actorFields },
  })
  return { versions: rows.map((row) => ({ version: row.version, at: row.createdAt.toISOString(), actor: row.actor, reason: row.reason })) }
}

/**
 * R20: one plan version: the whole plan as it was, and its changes from the kept version before it
 * (none for the first kept one). An unknown version is NOT_FOUND.
 */
export async function getPlanVersion({ actor, contractId, version }: { actor: Actor; contractId: string; version: number }) {
  await requireContractMember({ actor, contractId })
  const rows = await getDb().planVersion.findMany({
    where: { contractId, version: { lte: version } },
    orderBy: { version: 'desc' },
    take: 2,
    select: { version: true, createdAt: true, reason: true, milestones: true, actor: actorFields },
  })
  const [row, previous] = rows
  if (!row || row.version !== version) throw new CommandError('NOT_FOUND', 'No such plan version.', { version })
  const milestones = row.milestones as unknown as PlanSnapshotEntry[]
  return {
    version: row.version,
    at: row.createdAt.toISOString(),
    actor: row.actor,
    reason: row.reason,
    milestones: milestones.map((m, position) => ({ ...m, position })),
    changes: previous ? comparePlanSnapshots(previous.milestones as unknown as PlanSnapshotEntry[], milestones).changes : [],
  }
}
