import 'server-only'
import * as rules from '@/domain'
import type { Actor } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

/** A party reviews the other after close (R12). */
export function leaveReview({ actor, contractId, rating, timelinessRating, comment }: { actor: Actor; contractId: string; rating: number; timelinessRating?: number | null; comment: string }): Promise<ContractView> {
  return runContractCommand({
    actor,
    contractId,
    decide: (contract, ctx) => rules.leaveReview(contract, actor, { rating, timelinessRating: timelinessRating ?? null, comment }, ctx),
  })
}
