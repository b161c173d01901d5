import 'server-only'
import * as rules from '@/domain'
import type { Actor } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** Expert asks for approval of the funded milestone. */
export function submitWork({ actor, contractId, milestoneId }: { actor: Actor; contractId: string; milestoneId: string }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.submitWork(contract, actor, { milestoneId }, ctx),
  })
}
