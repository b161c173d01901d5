'use client'

import { useCallback, useState } from 'react'
import { formatCents, type Cents } from '@/domain/money'
import { Timestamp } from '../../components/locale'
import { ErrorMessage } from '../_components/error-message'
import { OfferForm } from '../_components/offer-form'
import { DisputeBadge } from '../_components/state-badge'
import { nameOf, type ContractView, type OnDone } from '../_components/types'
import { buttonPrimary, buttonSecondary, cardClass } from '../_components/ui'
import { useCommand } from '../_components/use-command'

/*
 * R21: a dispute that exists, open (the thread of offers and the answers to the standing one) or
 * settled (the outcome, the thread folded away). Loaded when a contract has one (./lazy).
 */
type Props = { contract: ContractView; onDone: OnDone }
type Dispute = NonNullable<ContractView['dispute']>

const money = (cents: number) => formatCents(cents as Cents)

export function OpenDispute({ contract, dispute, onDone }: Props & { dispute: Dispute }) {
  const can = (action: ContractView['allowedActions'][number]) => contract.allowedActions.includes(action)
  const base = `/api/contracts/${contract.id}/disputes/${dispute.id}`
  const standing = dispute.offers[dispute.offers.length - 1]!
  const [mode, setMode] = useState<'idle' | 'confirm' | 'counter'>('idle')
  const command = useCommand(
    useCallback(
      (next: ContractView) => {
        setMode('idle')
        const settled = next.dispute?.status === 'SETTLED'
        onDone(next, settled ? 'Offer accepted. The dispute is settled and the money has moved.' : next.dispute?.status === 'ESCALATED' && dispute.status === 'OPEN' ? 'The dispute went to the operator.' : 'Your offer was sent.')
      },
      [onDone, dispute.status],
    ),
  )
  const milestone = contract.milestones.find((m) => m.id === dispute.milestoneId)
  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="dispute-heading" className="text-base font-semibold text-slate-900">
          Dispute about “{milestone?.title}”
        </h2>
        <DisputeBadge status={dispute.status} />
      </div>
      <p className="mt-2 text-sm text-slate-600">
        {money(dispute.heldCents)} is held for this milestone. No money moves on this contract until the dispute is settled.{' '}
        {dispute.status === 'ESCALATED' ? (
          <>The operator decides it; you can still settle by accepting an offer.</>
        ) : dispute.escalatesAt ? (
          <>
            Unanswered, the last offer goes to the operator on <Timestamp at={dispute.escalatesAt} />.
          </>
        ) : null}
      </p>
      <OfferThread contract={contract} dispute={dispute} />
      {can('ANSWER_DISPUTE') && mode === 'confirm' && (
        <div className="mt-4 rounded-md border border-indigo-200 bg-indigo-50/60 p-3" role="group" aria-label="Confirm accepting the offer">
          <p className="text-sm text-slate-800">
            {money(standing.releaseCents)} is released to the expert and {money(dispute.heldCents - standing.releaseCents)} refunded to the client, now. This cannot be undone.
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" className={buttonPrimary} disabled={command.pending} onClick={() => void command.run(`${base}/offers/${standing.id}/accept`)}>
              {command.pending ? 'Settling…' : 'Confirm and settle'}
            </button>
            <button type="button" className={buttonSecondary} disabled={command.pending} onClick={() => setMode('idle')}>
              Back
            </button>
          </div>
        </div>
      )}
      {can('ANSWER_DISPUTE') && mode === 'counter' && (
        <div className="mt-4">
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Your counter-offer</h3>
          <OfferForm
            heldCents={dispute.heldCents}
            textLabel="Statement"
            textHelp="Why this division is fair."
            submitLabel="Send counter-offer"
            pendingLabel="Sending…"
            pending={command.pending}
            onSubmit={(input) => void command.run(`${base}/offers`, { body: input })}
          >
            <button type="button" className={buttonSecondary} onClick={() => setMode('idle')} disabled={command.pending}>
              Cancel
            </button>
          </OfferForm>
        </div>
      )}
      {mode === 'idle' && (can('ANSWER_DISPUTE') || can('ESCALATE_DISPUTE')) && (
        <div className="mt-4 flex flex-wrap gap-2">
          {can('ANSWER_DISPUTE') && (
            <>
              <button type="button" className={buttonPrimary} onClick={() => setMode('confirm')}>
                Accept offer
              </button>
              <button type="button" className={buttonSecondary} onClick={() => setMode('counter')}>
                Counter-offer
              </button>
            </>
          )}
          {can('ESCALATE_DISPUTE') && (
            <button type="button" className={buttonSecondary} disabled={command.pending} onClick={() => void command.run(`${base}/escalate`)}>
              {command.pending ? 'Sending…' : 'Ask the operator to decide'}
            </button>
          )}
        </div>
      )}
      {!can('ANSWER_DISPUTE') && (
        <p className="mt-3 text-sm text-slate-600">Your offer waits for {nameOf(contract.role === 'CLIENT' ? contract.expert : contract.client)}’s answer.</p>
      )}
      <ErrorMessage message={command.error?.message} className="mt-3" />
    </>
  )
}

/** The statements and offers, oldest first. */
export function OfferThread({ contract, dispute, viewer }: { contract: Pick<ContractView, 'role' | 'client' | 'expert'> | null; dispute: Dispute; viewer?: 'operator' }) {
  const who = (by: 'CLIENT' | 'EXPERT', party: { name: string | null; email: string }) =>
    contract && viewer !== 'operator' && contract.role === by ? 'You' : `${nameOf(party)} (${by === 'CLIENT' ? 'client' : 'expert'})`
  const parties = contract ?? null
  return (
    <ol className="mt-4 space-y-3" aria-label="Offers">
      {dispute.offers.map((offer, i) => {
        const party = parties ? (offer.by === 'CLIENT' ? parties.client : parties.expert) : { name: offer.by === 'CLIENT' ? 'Client' : 'Expert', email: '' }
        const standing = i === dispute.offers.length - 1 && dispute.status !== 'SETTLED'
        return (
          <li key={offer.id} className={`rounded-md border p-3 text-sm ${standing ? 'border-indigo-200 bg-indigo-50/40' : 'border-slate-200'}`}>
            <p className="text-slate-800">
              <span className="font-medium text-slate-900">{who(offer.by, party)}</span> {i === 0 ? 'opened the dispute and offered' : 'offered'}{' '}
              <span className="font-medium">{money(offer.releaseCents)}</span> to the expert, {money(dispute.heldCents - offer.releaseCents)} back to the client
              {dispute.acceptedOfferId === offer.id ? ' — accepted' : standing ? ' — standing offer' : ''}.
            </p>
            <blockquote className="mt-1 whitespace-pre-wrap border-l-2 border-slate-300 pl-3 text-slate-700">{offer.statement}</blockquote>
            <p className="mt-1 text-xs text-slate-500">
              <Timestamp at={offer.at} />
            </p>
          </li>
        )
      })}
    </ol>
  )
}

export function SettledDispute({ contract, dispute }: { contract: ContractView; dispute: Dispute }) {
  const milestone = contract.milestones.find((m) => m.id === dispute.milestoneId)
  const release = dispute.decision?.releaseCents ?? dispute.offers.find((o) => o.id === dispute.acceptedOfferId)?.releaseCents ?? 0
  return (
    <section id="dispute" aria-labelledby="dispute-heading" className={`${cardClass} scroll-mt-6 p-5`}>
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="dispute-heading" className="text-base font-semibold text-slate-900">
          Dispute about “{milestone?.title}”
        </h2>
        <DisputeBadge status="SETTLED" />
      </div>
      <p className="mt-2 text-sm text-slate-700">
        {dispute.decision ? 'The operator decided' : 'Settled by an accepted offer'}: {money(release)} released to the expert and {money(dispute.heldCents - release)} refunded to
        the client{dispute.settledAt ? ' on ' : ''}
        {dispute.settledAt && <Timestamp at={dispute.settledAt} />}.
      </p>
      {dispute.decision && <blockquote className="mt-2 whitespace-pre-wrap border-l-2 border-slate-300 pl-3 text-sm text-slate-700">{dispute.decision.reason}</blockquote>}
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium text-indigo-700">Statements and offers</summary>
        <OfferThread contract={contract} dispute={dispute} />
      </details>
    </section>
  )
}
