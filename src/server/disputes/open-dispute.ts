import 'server-only'
import * as rules from '@/domain'
import type { Cents } from '@/domain/money'
import type { Actor } from '@/domain/types'
import type { ContractView } from '../contracts/contract-view'
import { runContractCommand } from '../contracts/run-command'

/** R21: a party opens a dispute about the milestone in progress with a statement and a first offer. */
export function openDispute({ actor, contractId, statement, releaseCents }: { actor: Actor; contractId: string; statement: string; releaseCents: number }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.openDispute(contract, actor, { statement, releaseCents: releaseCents as Cents }, ctx),
  })
}
