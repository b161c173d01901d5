import 'server-only'
import * as rules from '@/domain'
import type { Cents } from '@/domain/money'
import type { Actor } from '@/domain/types'
import type { ContractView } from '../contracts/contract-view'
import { runContractCommand } from '../contracts/run-command'

/** R21: the party answering the standing offer makes their own (a counter-offer with a statement). */
export function makeDisputeOffer(input: { actor: Actor; contractId: string; disputeId: string; statement: string; releaseCents: number }): Promise<ContractView> {
  const { actor, contractId, disputeId, statement, releaseCents } = input
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.makeDisputeOffer(contract, actor, { disputeId, statement, releaseCents: releaseCents as Cents }, ctx),
  })
}
