import 'server-only'
import * as rules from '@/domain'
import type { Actor } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** Expert declines the client's settlement (R11). */
export function declineClose({ actor, contractId }: { actor: Actor; contractId: string }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.declineClose(contract, actor, ctx),
  })
}
