'use client'

import { useCallback, useState } from 'react'
import { LocalTime } from '../../components/locale'
import { ErrorMessage } from '../_components/error-message'
import type { ContractMilestone, ContractView, OnDone } from '../_components/types'
import { buttonPrimary, buttonSecondary, linkClass } from '../_components/ui'
import { useCommand } from '../_components/use-command'
import { formatTimeLeft, useAppNow } from './app-clock'
import { ExtendReviewForm, ReleasePanel, RequestChangesForm } from './lazy'

type Props = { contract: ContractView; milestone: ContractMilestone; onDone: OnDone }
type Submission = NonNullable<ContractMilestone['submission']>

/**
 * R15/R16: a submitted milestone's review window. Both parties see the submission and the
 * countdown to the automatic release; the client gets the three choices (release, request
 * changes, extend), the expert can withdraw the submission.
 */
export function ReviewWindow({ contract, milestone, onDone }: Props) {
  const submission = milestone.submission!
  const can = (action: ContractView['allowedActions'][number]) => contract.allowedActions.includes(action)
  const [open, setOpen] = useState<'release' | 'changes' | 'extend' | null>(null)
  const withdraw = useCommand(useCallback((next: ContractView) => onDone(next, 'You withdrew the submission.'), [onDone]))
  const base = `/api/contracts/${contract.id}/milestones/${milestone.id}`
  const isClient = contract.role === 'CLIENT'
  return (
    <div className="mt-3 space-y-3">
      <SubmissionSummary submission={submission} />
      <Countdown submission={submission} isClient={isClient} />
      {open === 'release' && <ReleasePanel contract={contract} milestone={milestone} onCancel={() => setOpen(null)} onDone={onDone} />}
      {open === 'changes' && <RequestChangesForm contract={contract} milestone={milestone} onCancel={() => setOpen(null)} onDone={onDone} />}
      {open === 'extend' && <ExtendReviewForm contract={contract} milestone={milestone} onCancel={() => setOpen(null)} onDone={onDone} />}
      {open === null && (
        <div className="flex flex-wrap gap-2">
          {can('RELEASE_PAYMENT') && (
            <button type="button" className={buttonPrimary} onClick={() => setOpen('release')}>
              Release payment
            </button>
          )}
          {can('REQUEST_CHANGES') && (
            <button type="button" className={buttonSecondary} onClick={() => setOpen('changes')}>
              Request changes
            </button>
          )}
          {can('EXTEND_REVIEW') && (
            <button type="button" className={buttonSecondary} onClick={() => setOpen('extend')}>
              Extend review
            </button>
          )}
          {can('WITHDRAW_SUBMISSION') && (
            <button type="button" className={buttonSecondary} disabled={withdraw.pending} onClick={() => void withdraw.run(`${base}/withdraw-submission`)}>
              {withdraw.pending ? 'Withdrawing…' : 'Withdraw submission'}
            </button>
          )}
        </div>
      )}
      <ErrorMessage message={withdraw.error?.message} />
    </div>
  )
}

function SubmissionSummary({ submission }: { submission: Submission }) {
  return (
    <div className="rounded-md bg-white p-3 text-sm ring-1 ring-inset ring-slate-200">
      <p className="text-slate-500">
        Submitted <LocalTime at={submission.submittedAt} />
      </p>
      <p className="mt-1 whitespace-pre-line break-words text-slate-800">{submission.message}</p>
      {submission.links.length > 0 && (
        <ul className="mt-2 space-y-1">
          {submission.links.map((link) => (
            <li key={link} className="break-all">
              <a href={link} className={linkClass} target="_blank" rel="noopener noreferrer nofollow">
                {link}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function Countdown({ submission, isClient }: { submission: Submission; isClient: boolean }) {
  const now = useAppNow()
  const ends = new Date(submission.reviewEndsAt).getTime()
  const ended = now !== null && now >= ends
  return (
    <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950" role="note">
      {ended ? (
        <p className="font-medium">The review window has ended: the payment is being released automatically.</p>
      ) : (
        <p className="font-medium">
          Releases automatically on <LocalTime at={submission.reviewEndsAt} /> unless {isClient ? 'you act' : 'the client acts'}.
        </p>
      )}
      {!ended && now !== null && <p className="mt-0.5">{formatTimeLeft(ends - now)} left{submission.extendedDays > 0 ? ` (extended by ${submission.extendedDays} ${submission.extendedDays === 1 ? 'day' : 'days'})` : ''}.</p>}
      {isClient && !ended && <p className="mt-0.5 text-amber-900">Release the payment, request changes, or extend the review once.</p>}
    </div>
  )
}
