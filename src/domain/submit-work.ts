import { requireOpenAs } from './access'
import { fail, ok, type Result } from './errors'
import type { Outcome } from './events'
import { outcome } from './outcome'
import type { Actor, Context, Contract } from './types'

/** The expert asks for approval of the funded milestone. */
export function submitWork(contract: Contract, actor: Actor, input: { milestoneId: string }, ctx: Context): Result<Outcome> {
  const allowed = requireOpenAs(contract, actor, 'EXPERT')
  if (!allowed.ok) return allowed
  const milestone = contract.milestones.find((m) => m.id === input.milestoneId)
  if (!milestone) return fail('NOT_FOUND', 'Milestone not found.', { milestoneId: input.milestoneId })
  if (milestone.state !== 'FUNDED') {
    return fail('MILESTONE_NOT_IN_PROGRESS', milestone.state === 'SUBMITTED' ? 'Work was already submitted.' : 'Only a funded milestone can be submitted.')
  }
  return ok(
    outcome({ ...contract, milestones: contract.milestones.map((m) => (m.id === milestone.id ? { ...m, state: 'SUBMITTED', submittedAt: ctx.now } : m)) }, [
      { type: 'WORK_SUBMITTED', actorRole: 'EXPERT', data: { milestoneId: milestone.id, title: milestone.title } },
    ]),
  )
}
