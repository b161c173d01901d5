import 'server-only'
import * as rules from '@/domain'
import type { Actor } from '@/domain/types'
import type { ContractView } from './contract-view'
import { runContractCommand } from './run-command'

type MilestoneCommand = { actor: Actor; contractId: string; milestoneId: string }

/** R15: the client asks for changes to the submitted work; the window closes, the milestone is FUNDED again. */
export function requestWorkChanges({ actor, contractId, milestoneId, message }: MilestoneCommand & { message: string }): Promise<ContractView> {
  return runContractCommand({ actor, contractId, decide: (contract, ctx) => rules.requestWorkChanges(contract, actor, { milestoneId, message }, ctx) })
}

/** R15: the expert withdraws a submission the client has not answered. */
export function withdrawSubmission({ actor, contractId, milestoneId }: MilestoneCommand): Promise<ContractView> {
  return runContractCommand({ actor, contractId, decide: (contract, ctx) => rules.withdrawSubmission(contract, actor, { milestoneId }, ctx) })
}

/** R15: the client extends the review window once, by 1–14 days, with a reason. */
export function extendReview({ actor, contractId, milestoneId, days, reason }: MilestoneCommand & { days: number; reason: string }): Promise<ContractView> {
  return runContractCommand({ actor, contractId, decide: (contract, ctx) => rules.extendReview(contract, actor, { milestoneId, days, reason }, ctx) })
}
