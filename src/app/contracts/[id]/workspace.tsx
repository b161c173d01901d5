'use client'

import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useCallback, useState } from 'react'
import { formatCents, type Cents } from '@/domain/money'
import { Timestamp } from '../../components/locale'
import { ErrorMessage } from '../_components/error-message'
import { StatusBadge } from '../_components/state-badge'
import { nameOf, requestParties, type Action, type ContractView, type OnDone } from '../_components/types'
import { buttonPrimary, buttonSecondary } from '../_components/ui'
import { useCommand } from '../_components/use-command'
import { CloseCard } from './close-card'
import { DisputeCard } from './dispute-card'
import { EscrowCard } from './escrow-card'
import { MilestoneList } from './milestone-list'
import { RecordCard } from './record-card'
import { ReviewsSection } from './lazy'
import { Breadcrumb } from '../_components/breadcrumb'

/**
 * The contract workspace. Holds the contract as the last answer showed it: every command answers
 * with the whole contract, so the page updates from that answer, then refreshes the server-rendered
 * activity log.
 */
export function Workspace({ initial }: { initial: ContractView }) {
  const router = useRouter()
  const [contract, setContract] = useState(initial)
  const [seen, setSeen] = useState(initial)
  const [status, setStatus] = useState('')
  if (initial !== seen) {
    // The server rendered a newer contract (router.refresh): adopt it.
    setSeen(initial)
    setContract(initial)
  }

  const onDone = useCallback(
    (next: ContractView, message?: string) => {
      setContract(next)
      if (message) setStatus(message)
      router.refresh()
    },
    [router],
  )

  const can = (action: Action) => contract.allowedActions.includes(action)
  const isClient = contract.role === 'CLIENT'
  const other = isClient ? contract.expert : contract.client
  // R21: an open dispute is what matters most on the page; a settled one is a record in the aside.
  const disputeOpen = contract.dispute !== null && contract.dispute.status !== 'SETTLED'

  return (
    <div className="space-y-6">
      <div>
        <Breadcrumb trail={[{ href: '/contracts', label: 'Contracts' }]} current={contract.title} />
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{contract.title}</h1>
          <StatusBadge status={contract.status} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          You are the {isClient ? 'client' : 'expert'} · {isClient ? 'Expert' : 'Client'}:{' '}
          <span className="font-medium text-slate-800">{nameOf(other)}</span> <span className="text-slate-500">({other.email})</span>
          {contract.closedAt && (
            <>
              {' '}
              · Closed <Timestamp at={contract.closedAt} />
            </>
          )}
        </p>
      </div>

      <p role="status" aria-live="polite" className={status ? 'rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900 ring-1 ring-inset ring-emerald-200' : 'sr-only'}>
        {status}
      </p>

      <Banners contract={contract} onDone={onDone} />
      {disputeOpen && <DisputeCard contract={contract} onDone={onDone} />}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <MilestoneList contract={contract} onDone={onDone} />
        </div>
        <aside className="space-y-6" aria-label="Escrow and contract">
          <EscrowCard contract={contract} />
          {!disputeOpen && <DisputeCard contract={contract} onDone={onDone} />}
          {contract.status === 'OPEN' && (can('CLOSE') || can('PROPOSE_CLOSE')) && <CloseCard contract={contract} onDone={onDone} />}
          <RecordCard contractId={contract.id} />
        </aside>
      </div>

      {contract.status === 'CLOSED' && <ReviewsSection contract={contract} onDone={onDone} />}
    </div>
  )
}


/** What waits for someone: a change request, a close proposal. */
function Banners({ contract, onDone }: { contract: ContractView; onDone: OnDone }) {
  const request = contract.changeRequest
  const parties = requestParties(contract)
  const proposal = contract.closeProposal
  const isClient = contract.role === 'CLIENT'
  const close = useCommand(
    useCallback((next: ContractView) => onDone(next, next.status === 'CLOSED' ? 'You accepted the settlement. The contract is closed.' : 'You declined the close proposal. The contract stays open.'), [onDone]),
  )
  const withdraw = useCommand(useCallback((next: ContractView) => onDone(next, 'Your proposed changes were withdrawn.'), [onDone]))
  const [confirming, setConfirming] = useState(false)
  const base = `/api/contracts/${contract.id}`
  return (
    <>
      {request && (
        <Banner title={parties!.mine ? `Your proposed changes wait for ${parties!.answererName}` : `${parties!.authorName} ${parties!.isCounter ? 'countered with' : 'proposed'} changes to the milestones`}>
          <p className="text-sm text-slate-700">“{request.message}”</p>
          <p className="mt-1 text-sm text-slate-600">
            {request.changes.length} change{request.changes.length === 1 ? '' : 's'} ·{' '}
            {parties!.mine
              ? `${parties!.answererName} accepts, declines or counters them.`
              : 'Accept, decline or counter them. The plan stays as it is until one of you accepts.'}
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Link href={`/contracts/${contract.id}/review`} className={buttonPrimary}>
              {contract.allowedActions.includes('REVIEW_CHANGES') ? 'Review updates' : 'See your request'}
            </Link>
            {contract.allowedActions.includes('WITHDRAW_CHANGES') && (
              <button type="button" className={buttonSecondary} disabled={withdraw.pending} onClick={() => void withdraw.run(`${base}/change-requests/${request.id}/withdraw`)}>
                {withdraw.pending ? 'Withdrawing…' : 'Withdraw request'}
              </button>
            )}
          </div>
          <ErrorMessage message={withdraw.error?.message} className="mt-3" />
        </Banner>
      )}
      {proposal && contract.status === 'OPEN' && (
        <Banner title={isClient ? 'Your close proposal waits for the expert' : `${nameOf(contract.client)} proposes to close the contract`}>
          <p className="text-sm text-slate-700">
            {formatCents(proposal.refundCents)} refunded to the client and {formatCents(proposal.releaseCents as Cents)} released to the expert. Proposed{' '}
            <Timestamp at={proposal.proposedAt} />.
          </p>
          {contract.allowedActions.includes('ACCEPT_CLOSE') && confirming && (
            // Accepting moves money and closes the contract for good: one more, explicit step.
            <div className="mt-3 rounded-md border border-indigo-200 bg-white p-3" role="group" aria-label="Confirm the settlement">
              <p className="text-sm text-slate-800">
                {formatCents(proposal.releaseCents as Cents)} is released to you and {formatCents(proposal.refundCents)} refunded to the client, and the contract closes. This cannot be undone.
              </p>
              <div className="mt-3 flex flex-wrap gap-2">
                <button type="button" className={buttonPrimary} disabled={close.pending} onClick={() => void close.run(`${base}/close/accept`)}>
                  {close.pending ? 'Closing…' : 'Confirm and close'}
                </button>
                <button type="button" className={buttonSecondary} disabled={close.pending} onClick={() => setConfirming(false)}>
                  Back
                </button>
              </div>
            </div>
          )}
          {contract.allowedActions.includes('ACCEPT_CLOSE') && !confirming && (
            <div className="mt-3 flex flex-wrap gap-2">
              <button type="button" className={buttonPrimary} onClick={() => setConfirming(true)}>
                Accept close
              </button>
              <button type="button" className={buttonSecondary} disabled={close.pending} onClick={() => void close.run(`${base}/close/decline`)}>
                Decline close
              </button>
            </div>
          )}
          <ErrorMessage message={close.error?.message} className="mt-3" />
        </Banner>
      )}
    </>
  )
}

function Banner({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-lg border border-indigo-200 bg-indigo-50/70 p-4 sm:p-5" aria-label={title}>
      <h2 className="font-semibold text-indigo-950">{title}</h2>
      <div className="mt-1">{children}</div>
    </section>
  )
}
