import 'server-only'
import * as rules from '@/domain'
import type { Actor, PlanEntry } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** The pending request's counterpart answers it with a counter-proposal (R18). */
export function counterChanges(input: { actor: Actor; contractId: string; requestId: string; baseVersion: number; milestones: PlanEntry[]; message: string }): Promise<ContractView> {
  const { actor, contractId, ...counter } = input
  return runContractCommand({ actor, contractId, decide: (contract, ctx) => rules.counterChanges(contract, actor, counter, ctx) })
}
