import 'server-only'
import * as rules from '@/domain'
import type { Cents } from '@/domain/money'
import type { Actor } from '@/domain/types'
import { runContractCommand } from '../contracts/run-command'
import { requireOperator } from '../operators'
import { getOperatorDispute, type OperatorDisputeView } from './get-operator-dispute'

/**
 * R21: an operator decides an escalated dispute: the amount released, the rest refunded, in one
 * transaction under the contract's lock, so a second decision (by the same or another operator)
 * or a party's acceptance racing it finds the dispute settled. Answers with the operator's view.
 */
export async function decideDispute(input: { actor: Actor; contractId: string; disputeId: string; releaseCents: number; reason: string }): Promise<OperatorDisputeView> {
  const { actor, contractId, disputeId, releaseCents, reason } = input
  await requireOperator(actor)
  await runContractCommand({
    actor,
    contractId,
    asOperator: true,
    decide: (contract, ctx) => rules.decideDispute(contract, actor, { disputeId, releaseCents: releaseCents as Cents, reason }, ctx),
  })
  // The contract is known here: the read stays on its worker (tests/citus).
  return getOperatorDispute({ actor, disputeId, contractId })
}
