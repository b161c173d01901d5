'use client'

import { useCallback, useState, type FormEvent } from 'react'
import { ErrorMessage } from '../_components/error-message'
import { Field } from '../_components/field'
import type { ContractMilestone, ContractView, OnDone } from '../_components/types'
import { inputClass } from '../_components/ui'
import { useCommand } from '../_components/use-command'
import { CommandForm, DaysReasonForm, FormButtons } from './command-form'

/*
 * The milestone forms a button opens: request changes and extend the review (R15), ask for more
 * time (R17). Loaded on first use (./lazy).
 */
type FormProps = { contract: ContractView; milestone: ContractMilestone; onCancel: () => void; onDone: OnDone }

export function RequestChangesForm({ contract, milestone, onCancel, onDone }: FormProps) {
  const [message, setMessage] = useState('')
  const [error, setError] = useState<string>()
  const send = useCommand(useCallback((next: ContractView) => onDone(next, `You asked for changes to “${milestone.title}”.`), [onDone, milestone.title]))
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (message.trim() === '') return setError('Tell the expert what to change.')
    setError(undefined)
    void send.run(`/api/contracts/${contract.id}/milestones/${milestone.id}/request-changes`, { body: { message: message.trim() } })
  }
  return (
    <CommandForm title={`Request changes to “${milestone.title}”`} onSubmit={submit}>
      <Field label="What should change?" error={error} hint="The milestone goes back to in progress; the next submission opens a new review window.">
        {(props) => <textarea {...props} rows={3} value={message} onChange={(e) => setMessage(e.target.value)} className={inputClass} />}
      </Field>
      <FormButtons pending={send.pending} label="Send request" pendingLabel="Sending…" onCancel={onCancel} />
      <ErrorMessage message={send.error?.message} />
    </CommandForm>
  )
}

export function ExtendReviewForm({ contract, milestone, onCancel, onDone }: FormProps) {
  return (
    <DaysReasonForm
      title={`Extend the review of “${milestone.title}”`}
      intro="You can extend the review window once per submission."
      maxDays={14}
      path={`/api/contracts/${contract.id}/milestones/${milestone.id}/extend-review`}
      label="Extend review"
      pendingLabel="Extending…"
      doneMessage="You extended the review window."
      onCancel={onCancel}
      onDone={onDone}
    />
  )
}

/** R17: the expert asks for more days on the milestone in progress. */
export function AskForMoreTimeForm({ contract, milestone, onCancel, onDone }: FormProps) {
  return (
    <DaysReasonForm
      title={`Ask for more time on “${milestone.title}”`}
      maxDays={90}
      reasonHint="The client accepts or declines; unanswered, the request expires after 4 days."
      path={`/api/contracts/${contract.id}/milestones/${milestone.id}/extension-requests`}
      label="Send request"
      pendingLabel="Sending…"
      doneMessage="You asked the client for more time."
      onCancel={onCancel}
      onDone={onDone}
    />
  )
}
