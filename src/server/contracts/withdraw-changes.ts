import 'server-only'
import * as rules from '@/domain'
import type { Actor } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** Expert withdraws their pending request (R8). */
export function withdrawChanges({ actor, contractId, requestId }: { actor: Actor; contractId: string; requestId: string }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.withdrawChanges(contract, actor, { requestId }, ctx),
  })
}
