import 'server-only'
import * as rules from '@/domain'
import type { Actor, PlanEntry } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** Expert proposes a new upcoming plan with a message (R8). */
export function proposeChanges({ actor, contractId, baseVersion, milestones, message }: { actor: Actor; contractId: string; baseVersion: number; milestones: PlanEntry[]; message: string }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.proposeChanges(contract, actor, { baseVersion, milestones, message }, ctx),
  })
}
