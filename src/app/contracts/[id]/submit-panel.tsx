'use client'

import { useCallback, useState, type FormEvent } from 'react'
import { ErrorMessage } from '../_components/error-message'
import { Field } from '../_components/field'
import type { ContractMilestone, ContractView, OnDone } from '../_components/types'
import { inputClass } from '../_components/ui'
import { useCommand } from '../_components/use-command'
import { CommandForm, FormButtons } from './command-form'

type Props = { contract: ContractView; milestone: ContractMilestone; onCancel: () => void; onDone: OnDone }

/** R15: the expert submits the work with a message and up to 10 https links (one per line). */
export function SubmitPanel({ contract, milestone, onCancel, onDone }: Props) {
  const [message, setMessage] = useState('')
  const [links, setLinks] = useState('')
  const [errors, setErrors] = useState<{ message?: string; links?: string }>({})
  const submit = useCommand(useCallback((next: ContractView) => onDone(next, `Work submitted for “${milestone.title}”.`), [onDone, milestone.title]))

  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const list = links.split('\n').map((l) => l.trim()).filter((l) => l !== '')
    const next: typeof errors = {}
    if (message.trim() === '') next.message = 'Tell the client what you delivered.'
    else if ([...message.trim()].length > 5000) next.message = 'At most 5,000 characters.'
    if (list.length > 10) next.links = 'Add at most 10 links.'
    else if (list.some((l) => !/^https:\/\/[^\s/]+/i.test(l))) next.links = 'Links must start with https://.'
    setErrors(next)
    if (next.message || next.links) return
    void submit.run(`/api/contracts/${contract.id}/milestones/${milestone.id}/submit`, { body: { message: message.trim(), links: list } })
  }

  return (
    <CommandForm title={`Submit work for “${milestone.title}”`} onSubmit={send}>
      <Field label="Message to the client" error={errors.message} hint="What you delivered and how to check it.">
        {(props) => <textarea {...props} rows={3} value={message} onChange={(e) => setMessage(e.target.value)} className={inputClass} />}
      </Field>
      <Field label="Links (optional, one per line)" error={errors.links} hint="Up to 10 https:// links to the work.">
        {(props) => <textarea {...props} rows={2} value={links} onChange={(e) => setLinks(e.target.value)} className={inputClass} placeholder="https://" />}
      </Field>
      <p className="text-xs text-slate-600">
        The client then has {contract.reviewDays} {contract.reviewDays === 1 ? 'day' : 'days'} to review it; without an answer, the payment is released to you automatically.
      </p>
      <FormButtons pending={submit.pending} label="Submit work" pendingLabel="Submitting…" onCancel={onCancel} />
      <ErrorMessage message={submit.error?.message} />
    </CommandForm>
  )
}
