'use client'

import { useRouter } from 'next/navigation'
import { useCallback, useId, useState } from 'react'
import { formatCents, type Cents } from '@/domain/money'
import { Day, Timestamp } from '../../../components/locale'
import { ChangesList } from '../../_components/changes-list'
import { ErrorMessage } from '../../_components/error-message'
import { PlanEditor } from '../../_components/plan-editor'
import { nameOf, requestParties, type ContractView } from '../../_components/types'
import { buttonDanger, buttonPrimary, buttonSecondary, cardClass, inputClass, labelClass } from '../../_components/ui'
import { useCommand } from '../../_components/use-command'

/**
 * The pending request or counter (R8, R18): the thread of rounds, the latest proposal's message,
 * its diff against the current plan and the plan it leads to; for the author's counterpart Accept,
 * Decline and Counter (the client also Modify), for the author Withdraw.
 */
export function ReviewUpdates({ contract }: { contract: ContractView }) {
  const id = useId()
  const router = useRouter()
  const request = contract.changeRequest!
  const parties = requestParties(contract)!
  const [editing, setEditing] = useState<'modify' | 'counter' | null>(null)
  const [declining, setDeclining] = useState(false)
  const [reason, setReason] = useState('')
  const offset = contract.milestones.filter((m) => m.state !== 'UPCOMING').length
  const done = useCallback(() => {
    router.push(`/contracts/${contract.id}`)
    router.refresh()
  }, [router, contract.id])
  const command = useCommand(done)
  const base = `/api/contracts/${contract.id}/change-requests/${request.id}`
  const canReview = contract.allowedActions.includes('REVIEW_CHANGES')
  const canCounter = contract.allowedActions.includes('COUNTER_CHANGES')
  const total = request.milestones.reduce((sum, m) => sum + m.amountCents, 0)

  if (editing) {
    return (
      <div className="space-y-4">
        <p className="rounded-md bg-indigo-50 px-4 py-3 text-sm text-indigo-950 ring-1 ring-inset ring-indigo-200">
          {editing === 'modify'
            ? `You are modifying ${parties.authorName}’s proposal. Changes are shown against the current plan; Accept modified plan applies your version and tells ${parties.authorName}.`
            : `Your counter-proposal starts from ${parties.authorName}’s proposal. Changes are shown against the current plan; ${parties.authorName} then accepts, declines or counters it. The plan stays as it is until one of you accepts.`}
        </p>
        <PlanEditor contract={contract} mode={{ kind: editing, requestId: request.id }} draft={request.milestones} onCancel={() => setEditing(null)} />
      </div>
    )
  }

  return (
    <div className="space-y-5">
      {request.rounds.length > 1 && <Thread contract={contract} offset={offset} />}

      <section aria-labelledby={`${id}-message`} className={`${cardClass} p-5`}>
        <h2 id={`${id}-message`} className="text-sm font-semibold text-slate-900">
          {parties.mine ? 'Your message' : `Message from ${parties.authorName}`}
        </h2>
        <blockquote className="mt-2 whitespace-pre-line border-l-4 border-indigo-300 pl-3 text-slate-800">{request.message}</blockquote>
      </section>

      <section aria-labelledby={`${id}-changes`} className={`${cardClass} p-5`}>
        <h2 id={`${id}-changes`} className="text-base font-semibold text-slate-900">
          Changes
        </h2>
        <p className="mt-1 text-sm text-slate-600">{parties.isCounter ? 'The latest proposal' : 'The proposal'} compared with the current plan.</p>
        <div className="mt-3">
          <ChangesList changes={request.changes} offset={offset} empty="The proposal matches the current plan." />
        </div>
      </section>

      <section aria-labelledby={`${id}-plan`} className={`${cardClass} p-5`}>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id={`${id}-plan`} className="text-base font-semibold text-slate-900">
            Upcoming milestones after the changes
          </h2>
          <p className="text-sm text-slate-600">
            Total <span className="font-semibold tabular-nums text-slate-900">{formatCents(total as Cents)}</span>
          </p>
        </div>
        <ol className="mt-3 divide-y divide-slate-100 text-sm" start={offset + 1}>
          {request.milestones.map((m, i) => (
            <li key={m.id ?? `new-${i}`} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
              <span className="text-slate-900">
                <span className="mr-2 tabular-nums text-slate-500">{offset + i + 1}.</span>
                {m.title}
                {!m.id && <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-inset ring-emerald-300">New</span>}
              </span>
              <span className="flex gap-4 text-slate-600">
                <span className="font-medium tabular-nums text-slate-900">{formatCents(m.amountCents)}</span>
                <span>{m.dueDate ? <Day day={m.dueDate} /> : 'No due date'}</span>
              </span>
            </li>
          ))}
        </ol>
      </section>

      {canReview && (
        <section aria-labelledby={`${id}-decide`} className={`${cardClass} p-5`}>
          <h2 id={`${id}-decide`} className="text-base font-semibold text-slate-900">
            Your decision
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Accept the changes as they are, decline them, or counter with a plan of your own
            {contract.role === 'CLIENT' ? ' (or modify them and accept your version at once)' : ''}.
          </p>
          {declining ? (
            <div className="mt-4 space-y-3">
              <div>
                <label htmlFor={`${id}-reason`} className={labelClass}>
                  Reason (optional)
                </label>
                <textarea id={`${id}-reason`} rows={2} maxLength={1000} className={`${inputClass} mt-1`} value={reason} onChange={(e) => setReason(e.target.value)} />
              </div>
              <div className="flex flex-wrap gap-2">
                <button type="button" className={buttonDanger} disabled={command.pending} onClick={() => void command.run(`${base}/decline`, { body: reason.trim() ? { reason: reason.trim() } : {} })}>
                  {command.pending ? 'Declining…' : 'Decline changes'}
                </button>
                <button type="button" className={buttonSecondary} disabled={command.pending} onClick={() => setDeclining(false)}>
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <div className="mt-4 flex flex-wrap gap-2">
              <button type="button" className={buttonPrimary} disabled={command.pending} onClick={() => void command.run(`${base}/accept`)}>
                {command.pending ? 'Accepting…' : 'Accept'}
              </button>
              <button type="button" className={buttonSecondary} disabled={command.pending} onClick={() => setDeclining(true)}>
                Decline
              </button>
              {canCounter && (
                <button type="button" className={buttonSecondary} disabled={command.pending} onClick={() => setEditing('counter')}>
                  Counter
                </button>
              )}
              {contract.role === 'CLIENT' && (
                <button type="button" className={buttonSecondary} disabled={command.pending} onClick={() => setEditing('modify')}>
                  Modify
                </button>
              )}
            </div>
          )}
          <ErrorMessage message={command.error?.message} className="mt-3" />
        </section>
      )}

      {contract.allowedActions.includes('WITHDRAW_CHANGES') && (
        <section aria-labelledby={`${id}-withdraw`} className={`${cardClass} p-5`}>
          <h2 id={`${id}-withdraw`} className="text-base font-semibold text-slate-900">
            Waiting for {parties.answererName}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {parties.answererName} accepts, declines or counters your proposal. You can withdraw it to send a different one.
          </p>
          <button type="button" className={`${buttonSecondary} mt-4`} disabled={command.pending} onClick={() => void command.run(`${base}/withdraw`)}>
            {command.pending ? 'Withdrawing…' : 'Withdraw request'}
          </button>
          <ErrorMessage message={command.error?.message} className="mt-3" />
        </section>
      )}
    </div>
  )
}

/** R18: every round of the negotiation, oldest first, each with its changes against the current plan. */
function Thread({ contract, offset }: { contract: ContractView; offset: number }) {
  const id = useId()
  const rounds = contract.changeRequest!.rounds
  const nameFor = (role: 'CLIENT' | 'EXPERT') => (role === contract.role ? 'You' : nameOf(role === 'CLIENT' ? contract.client : contract.expert))
  return (
    <section aria-labelledby={`${id}-thread`} className={`${cardClass} p-5`}>
      <h2 id={`${id}-thread`} className="text-base font-semibold text-slate-900">
        Negotiation
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {rounds.length} proposals so far, oldest first. Each one replaced the one before; only the latest can be accepted.
      </p>
      <ol className="mt-3 space-y-3">
        {rounds.map((round, i) => (
          <li key={round.id} className="rounded-md border border-slate-200 p-3">
            <p className="text-sm text-slate-900">
              <span className="font-semibold">{nameFor(round.authorRole)}</span> {i === 0 ? 'proposed' : 'countered'} · <Timestamp at={round.createdAt} />
              {i === rounds.length - 1 && <span className="ml-2 rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-800 ring-1 ring-inset ring-indigo-300">Latest</span>}
            </p>
            <blockquote className="mt-1 whitespace-pre-line border-l-4 border-slate-200 pl-3 text-sm text-slate-700">{round.message}</blockquote>
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-indigo-700">
                {round.changes.length} change{round.changes.length === 1 ? '' : 's'} to the current plan
              </summary>
              <div className="mt-2">
                <ChangesList changes={round.changes} offset={offset} empty="No changes to the current plan." />
              </div>
            </details>
          </li>
        ))}
      </ol>
    </section>
  )
}
