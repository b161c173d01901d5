import 'server-only'
import * as rules from '@/domain'
import type { Actor, PlanEntry } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** Client accepts the pending request, or a modified version of it (R8). */
export function acceptChanges({ actor, contractId, requestId, milestones }: { actor: Actor; contractId: string; requestId: string; milestones?: PlanEntry[] }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.acceptChanges(contract, actor, milestones ? { requestId, milestones } : { requestId }, ctx),
  })
}
