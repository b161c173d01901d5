import 'server-only'
import * as rules from '@/domain'
import type { Cents } from '@/domain/money'
import type { Actor } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** Either party closes; with money held the client proposes a settlement, the expert refunds all (R11, R13). */
export function closeContract({ actor, contractId, refundCents, idempotencyKey }: { actor: Actor; contractId: string; refundCents?: number; idempotencyKey?: string }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    idempotency: idempotencyKey ? { key: idempotencyKey, endpoint: 'close', request: { refundCents: refundCents ?? null } } : undefined,
    decide: (contract, ctx) => rules.closeContract(contract, actor, refundCents === undefined ? {} : { refundCents: refundCents as Cents }, ctx),
  })
}
