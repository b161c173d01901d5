import 'server-only'
import * as rules from '@/domain'
import type { Actor } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** Client funds the next milestone into escrow (R3, R4, R13). */
export function fundMilestone({ actor, contractId, milestoneId, idempotencyKey }: { actor: Actor; contractId: string; milestoneId: string; idempotencyKey?: string }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    idempotency: idempotencyKey ? { key: idempotencyKey, endpoint: 'fund', request: { milestoneId } } : undefined,
    decide: (contract, ctx) => rules.fundMilestone(contract, actor, { milestoneId }, ctx),
  })
}
