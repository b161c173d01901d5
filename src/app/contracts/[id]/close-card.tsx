'use client'

import { useId, useState } from 'react'
import { formatCents } from '@/domain/money'
import { nameOf, type ContractView, type OnDone } from '../_components/types'
import { buttonSecondary, cardClass } from '../_components/ui'
import { CloseForm } from './lazy'

type Props = { contract: ContractView; onDone: OnDone }

/**
 * Closing the contract (R11). With nothing held it closes at once; otherwise the client proposes
 * a refund of part or all of what escrow holds (the rest goes to the expert), and an expert who
 * closes refunds everything held. The form (./close-form) loads when "Close contract…" opens it.
 */
export function CloseCard({ contract, onDone }: Props) {
  const id = useId()
  const held = contract.escrow.heldCents
  const isProposal = contract.allowedActions.includes('PROPOSE_CLOSE')
  const [open, setOpen] = useState(false)

  const explanation = isProposal
    ? `Escrow holds ${formatCents(held)}. Choose how much is refunded to you; the rest is released to ${nameOf(contract.expert)}. The expert accepts or declines.`
    : held > 0
      ? `Closing refunds everything held in escrow (${formatCents(held)}) to the client. A closed contract is read-only.`
      : 'Nothing is held in escrow, so the contract closes at once. A closed contract is read-only.'

  return (
    <section aria-labelledby={`${id}-heading`} className={`${cardClass} p-5`}>
      <h2 id={`${id}-heading`} className="text-base font-semibold text-slate-900">
        Close contract
      </h2>
      <p className="mt-2 text-sm text-slate-600">{explanation}</p>
      {!open ? (
        <button type="button" className={`${buttonSecondary} mt-4`} onClick={() => setOpen(true)}>
          Close contract…
        </button>
      ) : (
        // Mounted afresh on each opening: it starts from what escrow holds now, with a new key.
        <CloseForm contract={contract} onClose={() => setOpen(false)} onDone={onDone} />
      )}
    </section>
  )
}
