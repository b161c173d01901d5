import 'server-only'
import * as rules from '@/domain'
import type { Actor } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** Expert accepts the client's settlement; the contract closes (R11). */
export function acceptClose({ actor, contractId, idempotencyKey }: { actor: Actor; contractId: string; idempotencyKey?: string }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    idempotency: idempotencyKey ? { key: idempotencyKey, endpoint: 'close-accept', request: {} } : undefined,
    decide: (contract, ctx) => rules.acceptClose(contract, actor, ctx),
  })
}
