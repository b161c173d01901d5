import { requireOpenAs } from './access'
import { moneyFreeze } from './money-freeze'
import { fail, ok, type Result } from './errors'
import { heldCents } from './escrow'
import type { Outcome } from './events'
import { isCents, subtractCents, ZERO_CENTS, type Cents } from './money'
import { outcome } from './outcome'
import { pendingAutoReleaseTimers } from './review-window'
import { settleAndClose } from './settle-contract'
import type { Actor, Context, Contract } from './types'

/**
 * Either party closes (R11). With nothing held it closes at once. With money held, the client
 * proposes a settlement (refund `refundCents`, release the rest) that the expert must accept,
 * while an expert who closes refunds everything held to the client.
 */
export function closeContract(contract: Contract, actor: Actor, input: { refundCents?: Cents }, ctx: Context): Result<Outcome> {
  const role = requireOpenAs(contract, actor, null)
  if (!role.ok) return role
  const frozen = moneyFreeze(contract)
  if (!frozen.ok) return frozen
  if (contract.closeProposal) return fail('CLOSE_PROPOSAL_PENDING', 'A close settlement is already waiting for the expert.')
  const refund: unknown = input.refundCents
  if (refund !== undefined && (!isCents(refund) || refund < 0)) {
    return fail('VALIDATION_FAILED', 'A refund is a whole, non-negative number of cents.', { field: 'refundCents' })
  }
  const held = heldCents(contract.escrow)
  if (refund !== undefined && refund > held) return fail('REFUND_EXCEEDS_HELD', 'You cannot refund more than escrow holds.', { heldCents: held })
  if (held === 0) return ok(settleAndClose(contract, { refundCents: ZERO_CENTS, releaseCents: ZERO_CENTS, settlement: false, actorRole: role.value }, ctx))
  if (role.value === 'EXPERT') {
    // The expert can only give money back; a smaller refund would be the expert paying themself.
    if (refund !== undefined && refund !== held) {
      return fail('VALIDATION_FAILED', 'An expert who closes refunds everything held.', { field: 'refundCents', heldCents: held })
    }
    return ok(settleAndClose(contract, { refundCents: held, releaseCents: ZERO_CENTS, settlement: false, actorRole: 'EXPERT' }, ctx))
  }
  if (refund === undefined) return fail('VALIDATION_FAILED', 'Say how much of the held amount to refund.', { field: 'refundCents', heldCents: held })
  const refundCents = refund as Cents
  return ok(
    outcome({ ...contract, closeProposal: { refundCents, proposedAt: ctx.now } }, [
      { type: 'CLOSE_PROPOSED', actorRole: 'CLIENT', data: { refundCents, releaseCents: subtractCents(held, refundCents) } },
    ]),
  )
}

function requireProposal(contract: Contract, actor: Actor) {
  const role = requireOpenAs(contract, actor, 'EXPERT')
  if (!role.ok) return role
  if (!contract.closeProposal) return fail<never>('NO_PENDING_CLOSE_PROPOSAL', 'There is no close settlement to answer.')
  return ok(contract.closeProposal)
}

/** The expert accepts the client's settlement: refund R, release the rest, close (R11). */
export function acceptClose(contract: Contract, actor: Actor, ctx: Context): Result<Outcome> {
  const proposal = requireProposal(contract, actor)
  if (!proposal.ok) return proposal
  const frozen = moneyFreeze(contract)
  if (!frozen.ok) return frozen
  const held = heldCents(contract.escrow)
  // Funding and releasing are refused while a proposal waits, so held cannot have shrunk; guard anyway.
  if (proposal.value.refundCents > held) return fail('REFUND_EXCEEDS_HELD', 'The settlement no longer fits what escrow holds.', { heldCents: held })
  const releaseCents = subtractCents(held, proposal.value.refundCents)
  return ok(settleAndClose(contract, { refundCents: proposal.value.refundCents, releaseCents, settlement: true, actorRole: 'EXPERT' }, ctx))
}

/** The expert declines the settlement; the contract stays open and the client may propose again. */
export function declineClose(contract: Contract, actor: Actor, _ctx: Context): Result<Outcome> {
  const proposal = requireProposal(contract, actor)
  if (!proposal.ok) return proposal
  const releaseCents = subtractCents(heldCents(contract.escrow), proposal.value.refundCents)
  return ok(
    outcome(
      { ...contract, closeProposal: null },
      [{ type: 'CLOSE_DECLINED', actorRole: 'EXPERT', data: { refundCents: proposal.value.refundCents, releaseCents } }],
      [],
      // R16: a review window that ran out while the settlement was pending releases at once.
      pendingAutoReleaseTimers(contract),
    ),
  )
}
