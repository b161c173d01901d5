import 'server-only'
import * as rules from '@/domain'
import type { Cents } from '@/domain/money'
import type { Actor } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** Client releases all or part of the milestone in progress (R6, R13). */
export function releasePayment({ actor, contractId, milestoneId, amountCents, idempotencyKey }: { actor: Actor; contractId: string; milestoneId: string; amountCents: number; idempotencyKey?: string }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    idempotency: idempotencyKey ? { key: idempotencyKey, endpoint: 'release', request: { milestoneId, amountCents } } : undefined,
    decide: (contract, ctx) => rules.releasePayment(contract, actor, { milestoneId, amountCents: amountCents as Cents }, ctx),
  })
}
