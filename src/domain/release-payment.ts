import { requireOpenAs } from './access'
import { moneyFreeze } from './money-freeze'
import { fail, ok, type Result } from './errors'
import { isInProgress } from './escrow'
import type { Outcome } from './events'
import { addCents, isCents, subtractCents, type Cents } from './money'
import { outcome } from './outcome'
import type { Actor, Context, Contract } from './types'

/**
 * The client pays the expert for the milestone in progress, in full or in part (R6). The unpaid
 * remainder stays in escrow as balance for the next milestone.
 */
export function releasePayment(contract: Contract, actor: Actor, input: { milestoneId: string; amountCents: Cents }, ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'CLIENT')
  if (!allowed.ok) return allowed
  const frozen = moneyFreeze(contract)
  if (!frozen.ok) return frozen
  const milestone = contract.milestones.find((m) => m.id === input.milestoneId)
  if (!milestone) return fail('NOT_FOUND', 'Milestone not found.', { milestoneId: input.milestoneId })
  if (contract.closeProposal) return fail('CLOSE_PROPOSAL_PENDING', 'A close settlement is waiting for the expert.')
  if (!isInProgress(milestone)) return fail('MILESTONE_NOT_IN_PROGRESS', 'Only a funded or submitted milestone can be released.')
  const amount: unknown = input.amountCents
  if (!isCents(amount) || amount < 1) return fail('VALIDATION_FAILED', 'Release a whole number of cents, at least $0.01.', { field: 'amountCents' })
  if (amount > milestone.fundedCents) {
    return fail('RELEASE_EXCEEDS_FUNDED', 'You cannot release more than the milestone was funded with.', { fundedCents: milestone.fundedCents })
  }
  const remainderCents = subtractCents(milestone.fundedCents, amount)
  const next: Contract = {
    ...contract,
    milestones: contract.milestones.map((m) => (m.id === milestone.id ? { ...m, state: 'RELEASED', releasedCents: amount, releasedAt: ctx.now, extensionRequest: null } : m)),
    escrow: {
      ...contract.escrow,
      releasedCents: addCents(contract.escrow.releasedCents, amount),
      balanceCents: addCents(contract.escrow.balanceCents, remainderCents),
    },
  }
  return ok(
    outcome(
      next,
      [
        {
          type: 'PAYMENT_RELEASED',
          actorRole: 'CLIENT',
          data: { milestoneId: milestone.id, title: milestone.title, amountCents: amount, remainderCents, partial: remainderCents > 0 },
        },
      ],
      [{ kind: 'RELEASE', amountCents: amount, milestoneId: milestone.id }],
    ),
  )
}
