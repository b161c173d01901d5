'use client'

import { useCallback, useState } from 'react'
import { addDays } from '@/domain/dates'
import { Day, LocalTime } from '../../components/locale'
import { ErrorMessage } from '../_components/error-message'
import type { ContractMilestone, ContractView, OnDone } from '../_components/types'
import { buttonPrimary, buttonSecondary } from '../_components/ui'
import { useCommand } from '../_components/use-command'
import { AskForMoreTimeForm } from './lazy'

type Props = { contract: ContractView; milestone: ContractMilestone; onDone: OnDone }

/**
 * R17 on the milestone in progress: the pending extension request (the client accepts or
 * declines it), or the expert's "Ask for more time".
 */
export function ExtensionPanel({ contract, milestone, onDone }: Props) {
  const request = milestone.extensionRequest
  const [asking, setAsking] = useState(false)
  const answer = useCommand(useCallback((next: ContractView) => onDone(next, 'You answered the extension request.'), [onDone]))
  const base = `/api/contracts/${contract.id}`
  if (request) {
    const proposed = milestone.dueDate ? addDays(milestone.dueDate, request.days) : null
    return (
      <div className="mt-3 rounded-md border border-sky-200 bg-sky-50 p-3 text-sm" role="group" aria-label="Extension request">
        <p className="font-medium text-slate-900">
          {contract.role === 'CLIENT' ? 'The expert asks' : 'You asked'} for {request.days} more {request.days === 1 ? 'day' : 'days'}
          {proposed && (
            <>
              : due <Day day={proposed} /> instead of <Day day={milestone.dueDate!} />
            </>
          )}
          .
        </p>
        <p className="mt-1 whitespace-pre-line break-words text-slate-700">“{request.reason}”</p>
        <p className="mt-1 text-slate-600">
          Unanswered, it expires on <LocalTime at={request.expiresAt} />.
        </p>
        {contract.allowedActions.includes('ANSWER_EXTENSION') && (
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" className={buttonPrimary} disabled={answer.pending} onClick={() => void answer.run(`${base}/extension-requests/${request.id}/accept`)}>
              Accept extension
            </button>
            <button type="button" className={buttonSecondary} disabled={answer.pending} onClick={() => void answer.run(`${base}/extension-requests/${request.id}/decline`)}>
              Decline extension
            </button>
          </div>
        )}
        <ErrorMessage message={answer.error?.message} className="mt-2" />
      </div>
    )
  }
  if (!contract.allowedActions.includes('REQUEST_EXTENSION')) return null
  return asking ? (
    <AskForMoreTimeForm contract={contract} milestone={milestone} onCancel={() => setAsking(false)} onDone={onDone} />
  ) : (
    <div className="mt-3">
      <button type="button" className={buttonSecondary} onClick={() => setAsking(true)}>
        Ask for more time
      </button>
    </div>
  )
}
