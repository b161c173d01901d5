import 'server-only'
import * as rules from '@/domain'
import type { Actor } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** R17: the expert asks to move the due date of the milestone in progress. */
export function requestExtension({ actor, contractId, milestoneId, days, reason }: { actor: Actor; contractId: string; milestoneId: string; days: number; reason: string }): Promise<ContractView> {
  return runContractCommand({ actor, contractId, decide: (contract, ctx) => rules.requestExtension(contract, actor, { milestoneId, days, reason }, ctx) })
}

/** R17: the client accepts the pending extension request: the due date moves. */
export function acceptExtension({ actor, contractId, requestId }: { actor: Actor; contractId: string; requestId: string }): Promise<ContractView> {
  return runContractCommand({ actor, contractId, decide: (contract, ctx) => rules.acceptExtension(contract, actor, { requestId }, ctx) })
}

/** R17: the client declines the pending extension request. */
export function declineExtension({ actor, contractId, requestId }: { actor: Actor; contractId: string; requestId: string }): Promise<ContractView> {
  return runContractCommand({ actor, contractId, decide: (contract, ctx) => rules.declineExtension(contract, actor, { requestId }, ctx) })
}
