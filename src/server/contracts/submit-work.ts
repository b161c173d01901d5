import 'server-only'
import * as rules from '@/domain'
import type { Actor } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** R15: the expert submits the funded milestone with a message and links; the review window opens. */
export function submitWork({ actor, contractId, milestoneId, message, links }: { actor: Actor; contractId: string; milestoneId: string; message: string; links?: string[] }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.submitWork(contract, actor, { milestoneId, message, links }, ctx),
  })
}
