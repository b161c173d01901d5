import 'server-only'
import * as rules from '@/domain'
import type { Actor } from '@/domain/types'
import type { ContractView } from '../contracts/contract-view'
import { runContractCommand } from '../contracts/run-command'

/** R21: the standing offer's counterpart accepts it; the milestone's funds move in the same transaction. */
export function acceptDisputeOffer({ actor, contractId, disputeId, offerId }: { actor: Actor; contractId: string; disputeId: string; offerId: string }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.acceptDisputeOffer(contract, actor, { disputeId, offerId }, ctx),
  })
}
