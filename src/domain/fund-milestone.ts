import { requireOpenAs } from './access'
import { moneyFreeze } from './money-freeze'
import { fail, ok, type Result } from './errors'
import { depositFor, inProgressMilestone, nextUpcoming } from './escrow'
import type { Outcome } from './events'
import { addCents } from './money'
import { outcome } from './outcome'
import { fieldsOf } from './plan-diff'
import type { Actor, ChangeRequest, Context, Contract, Milestone } from './types'

/**
 * Whether a pending change request touches `milestone` for funding purposes (R8): unless the
 * proposal starts with this very milestone, unchanged, funding it would pull the rug from under
 * the proposal.
 */
export function isTouchedByRequest(request: ChangeRequest | null, milestone: Milestone): boolean {
  if (!request) return false
  const first = request.milestones[0]
  if (!first || first.id !== milestone.id) return true
  const proposed = fieldsOf(first)
  return (
    proposed.title !== milestone.title ||
    proposed.description !== milestone.description ||
    proposed.amountCents !== milestone.amountCents ||
    proposed.dueDate !== milestone.dueDate
  )
}

/**
 * The client funds the next milestone (R2, R3, R4): the balance pays first and the client
 * deposits the rest, at least $5.00. The upcoming plan loses its head, so the plan version moves
 * on, and a pending request that leaves this milestone alone is rebased onto the new version.
 */
export function fundMilestone(contract: Contract, actor: Actor, input: { milestoneId: string }, ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'CLIENT')
  if (!allowed.ok) return allowed
  const frozen = moneyFreeze(contract)
  if (!frozen.ok) return frozen
  const milestone = contract.milestones.find((m) => m.id === input.milestoneId)
  if (!milestone) return fail('NOT_FOUND', 'Milestone not found.', { milestoneId: input.milestoneId })
  if (contract.closeProposal) return fail('CLOSE_PROPOSAL_PENDING', 'A close settlement is waiting for the expert.')
  if (milestone.state !== 'UPCOMING') return fail('MILESTONE_LOCKED', `“${milestone.title}” is already funded.`)
  const current = inProgressMilestone(contract)
  if (current) return fail('ANOTHER_MILESTONE_IN_PROGRESS', `Release “${current.title}” before funding the next milestone.`, { milestoneId: current.id })
  if (nextUpcoming(contract)?.id !== milestone.id) return fail('NOT_NEXT_MILESTONE', 'Milestones are funded in plan order.')
  const request = contract.changeRequest
  if (request && isTouchedByRequest(request, milestone)) {
    return fail('CHANGE_REQUEST_PENDING', 'A pending change request changes this milestone; answer or withdraw it first.', { requestId: request.id })
  }

  const { depositCents, fromBalanceCents, balanceAfterCents } = depositFor(milestone.amountCents, contract.escrow.balanceCents)
  const planVersion = contract.planVersion + 1
  const funded: Milestone = { ...milestone, state: 'FUNDED', fundedCents: milestone.amountCents, fundedAt: ctx.now }
  const next: Contract = {
    ...contract,
    planVersion,
    milestones: contract.milestones.map((m) => (m.id === milestone.id ? funded : m)),
    escrow: { ...contract.escrow, depositedCents: addCents(contract.escrow.depositedCents, depositCents), balanceCents: balanceAfterCents },
    changeRequest: request ? { ...request, baseVersion: planVersion, milestones: request.milestones.slice(1) } : null,
  }
  return ok(
    outcome(
      next,
      [
        {
          type: 'MILESTONE_FUNDED',
          actorRole: 'CLIENT',
          data: { milestoneId: milestone.id, title: milestone.title, amountCents: milestone.amountCents, depositCents, fromBalanceCents },
        },
      ],
      [{ kind: 'DEPOSIT', amountCents: depositCents, milestoneId: milestone.id }],
    ),
  )
}
