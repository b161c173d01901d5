import 'server-only'
import * as rules from '@/domain'
import type { Actor, PlanEntry } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** Client saves the upcoming plan (R5, R8, R9). */
export function savePlan({ actor, contractId, baseVersion, milestones }: { actor: Actor; contractId: string; baseVersion: number; milestones: PlanEntry[] }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.savePlan(contract, actor, { baseVersion, milestones }, ctx),
  })
}
