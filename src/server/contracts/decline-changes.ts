import 'server-only'
import * as rules from '@/domain'
import type { Actor } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** Client declines the pending request, with an optional reason (R8). */
export function declineChanges({ actor, contractId, requestId, reason }: { actor: Actor; contractId: string; requestId: string; reason?: string }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.declineChanges(contract, actor, { requestId, reason }, ctx),
  })
}
