'use client'

import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Field } from './field'
import { centsToInput, validateMilestone, type MilestoneErrors, type MilestoneInput, type ValidMilestone } from './milestone-rules'
import { buttonPrimary, buttonSecondary, inputClass } from './ui'

type Props = {
  /** The fields to start from; empty for a new milestone. */
  initial?: { title: string; description: string; amountCents: number; dueDate: string | null }
  /** The saved due date: one that has passed since it was set may stay (R10). */
  savedDueDate?: string | null
  submitLabel: string
  heading: string
  onSubmit: (value: ValidMilestone) => void
  onCancel: () => void
}

/**
 * The inline form behind ✎ and Add milestone. Its fields live here, so typing re-renders this
 * form only, never the whole plan. Errors show after the first submit and then follow the typing.
 */
export function MilestoneForm({ initial, savedDueDate = null, submitLabel, heading, onSubmit, onCancel }: Props) {
  const [input, setInput] = useState<MilestoneInput>(() => ({
    title: initial?.title ?? '',
    description: initial?.description ?? '',
    amount: initial ? centsToInput(initial.amountCents) : '',
    dueDate: initial?.dueDate ?? '',
  }))
  const [submitted, setSubmitted] = useState(false)
  const first = useRef<HTMLInputElement>(null)
  useEffect(() => first.current?.focus(), [])

  const errors: MilestoneErrors = submitted ? validateMilestone(input, savedDueDate).errors : {}
  const set = (field: keyof MilestoneInput) => (event: { target: { value: string } }) => setInput((current) => ({ ...current, [field]: event.target.value }))

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    event.stopPropagation()
    setSubmitted(true)
    const result = validateMilestone(input, savedDueDate)
    if (result.value) onSubmit(result.value)
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={heading}
      className="w-full space-y-3"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation()
          onCancel()
        }
      }}
    >
      <div className="grid gap-3 sm:grid-cols-6">
        <div className="sm:col-span-6">
          <Field label="Title" error={errors.title}>
            {(props) => <input {...props} ref={first} value={input.title} onChange={set('title')} className={inputClass} />}
          </Field>
        </div>
        <div className="sm:col-span-3">
          <Field label="Amount (USD)" error={errors.amount} hint="$5.00 minimum">
            {(props) => <input {...props} inputMode="decimal" value={input.amount} onChange={set('amount')} className={inputClass} placeholder="250.00" />}
          </Field>
        </div>
        <div className="sm:col-span-3">
          <Field label="Due date" error={errors.dueDate} hint="Optional">
            {(props) => <input {...props} type="date" value={input.dueDate} onChange={set('dueDate')} className={inputClass} />}
          </Field>
        </div>
        <div className="sm:col-span-6">
          <Field label="Description" error={errors.description} hint="Optional: what is delivered">
            {(props) => <textarea {...props} rows={2} value={input.description} onChange={set('description')} className={inputClass} />}
          </Field>
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonPrimary}>
          {submitLabel}
        </button>
        <button type="button" className={buttonSecondary} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
