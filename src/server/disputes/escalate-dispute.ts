import 'server-only'
import * as rules from '@/domain'
import type { Actor } from '@/domain/types'
import type { ContractView } from '../contracts/contract-view'
import { runContractCommand } from '../contracts/run-command'

/** R21: a party asks the operator to decide. (The 4-day timer escalates through the same rule as the system.) */
export function escalateDispute({ actor, contractId, disputeId }: { actor: Actor; contractId: string; disputeId: string }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.escalateDispute(contract, disputeId, ctx.now, actor),
  })
}
