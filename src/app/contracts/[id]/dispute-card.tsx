'use client'

import { useCallback, useState } from 'react'
import { formatCents, type Cents } from '@/domain/money'
import { ErrorMessage } from '../_components/error-message'
import type { OfferInput } from '../_components/offer-form'
import type { ContractView, OnDone } from '../_components/types'
import { buttonSecondary, cardClass } from '../_components/ui'
import { useCommand } from '../_components/use-command'
import { OfferForm, OpenDispute, SettledDispute } from './lazy'

type Props = { contract: ContractView; onDone: OnDone }

const money = (cents: number) => formatCents(cents as Cents)

/**
 * R21 on the Workspace: open a dispute about the milestone in progress (a statement and an offer),
 * follow the thread of offers, accept the standing offer, answer it with a counter-offer, or ask
 * the operator to decide. While a dispute is open no money moves, so the card says so.
 */
export function DisputeCard({ contract, onDone }: Props) {
  const dispute = contract.dispute
  const can = (action: ContractView['allowedActions'][number]) => contract.allowedActions.includes(action)
  const current = contract.milestones.find((m) => m.state === 'FUNDED' || m.state === 'SUBMITTED')
  const isOpen = dispute !== null && dispute.status !== 'SETTLED'
  if (!isOpen && !can('OPEN_DISPUTE')) return dispute ? <SettledDispute contract={contract} dispute={dispute} /> : null
  return (
    <section id="dispute" aria-labelledby="dispute-heading" className={`${cardClass} scroll-mt-6 p-5`}>
      {isOpen ? (
        <OpenDispute contract={contract} dispute={dispute} onDone={onDone} />
      ) : (
        <StartDispute contract={contract} milestone={current!} onDone={onDone} />
      )}
    </section>
  )
}

function StartDispute({ contract, milestone, onDone }: Props & { milestone: ContractView['milestones'][number] }) {
  const [open, setOpen] = useState(false)
  const start = useCommand(useCallback((next: ContractView) => onDone(next, 'Dispute opened. The other party was emailed.'), [onDone]))
  const submit = (input: OfferInput) => void start.run(`/api/contracts/${contract.id}/disputes`, { body: input })
  return (
    <>
      <h2 id="dispute-heading" className="text-base font-semibold text-slate-900">
        Dispute
      </h2>
      <p className="mt-2 text-sm text-slate-600">
        Disagree about “{milestone.title}”? Say why, and offer how its {money(milestone.fundedCents)} in escrow should be divided. No money moves until the dispute is settled; an
        offer unanswered for 4 days goes to the operator.
      </p>
      {!open ? (
        <button type="button" className={`${buttonSecondary} mt-4`} onClick={() => setOpen(true)}>
          Open a dispute…
        </button>
      ) : (
        <div className="mt-4">
          <OfferForm
            heldCents={milestone.fundedCents}
            textLabel="Statement"
            textHelp="What went wrong, in your words. The other party and, if it comes to that, the operator read it."
            submitLabel="Open dispute"
            pendingLabel="Opening…"
            pending={start.pending}
            onSubmit={submit}
          >
            <button type="button" className={buttonSecondary} onClick={() => setOpen(false)} disabled={start.pending}>
              Cancel
            </button>
          </OfferForm>
          <ErrorMessage message={start.error?.message} className="mt-3" />
        </div>
      )}
    </>
  )
}
