'use client'

import { useCallback, useId, useState, type FormEvent, type ReactNode } from 'react'
import { ErrorMessage } from '../_components/error-message'
import { Field } from '../_components/field'
import type { ContractView, OnDone } from '../_components/types'
import { buttonPrimary, buttonSecondary, inputClass } from '../_components/ui'
import { useCommand } from '../_components/use-command'

/** The submit and Cancel buttons every workspace command form ends with. */
export function FormButtons({ pending, label, pendingLabel, onCancel }: { pending: boolean; label: string; pendingLabel: string; onCancel: () => void }) {
  return (
    <div className="flex flex-wrap gap-2">
      <button type="submit" className={buttonPrimary} disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      <button type="button" className={buttonSecondary} onClick={onCancel} disabled={pending}>
        Cancel
      </button>
    </div>
  )
}

/** A titled command form in the workspace's panel style. */
export function CommandForm({ title, onSubmit, children }: { title: string; onSubmit: (event: FormEvent<HTMLFormElement>) => void; children: ReactNode }) {
  const id = useId()
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-3 rounded-md border border-indigo-200 bg-indigo-50/60 p-4" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="font-semibold text-slate-900">
        {title}
      </h4>
      {children}
    </form>
  )
}

type DaysReasonProps = {
  title: string
  intro?: string
  maxDays: number
  reasonHint?: string
  /** The command's path; it is sent `{days, reason}`. */
  path: string
  label: string
  pendingLabel: string
  doneMessage: string
  onCancel: () => void
  onDone: OnDone
}

/** "How many days, and why": extending a review (R15) and asking for more time (R17). */
export function DaysReasonForm({ title, intro, maxDays, reasonHint, path, label, pendingLabel, doneMessage, onCancel, onDone }: DaysReasonProps) {
  const [days, setDays] = useState('3')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ days?: string; reason?: string }>({})
  const send = useCommand(useCallback((next: ContractView) => onDone(next, doneMessage), [onDone, doneMessage]))
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const n = Number(days)
    const next: typeof errors = {}
    if (!Number.isInteger(n) || n < 1 || n > maxDays) next.days = `Choose 1 to ${maxDays} days.`
    if (reason.trim() === '') next.reason = 'Give a reason.'
    setErrors(next)
    if (next.days || next.reason) return
    void send.run(path, { body: { days: n, reason: reason.trim() } })
  }
  return (
    <CommandForm title={title} onSubmit={submit}>
      {intro && <p className="text-sm text-slate-600">{intro}</p>}
      <div className="max-w-[10rem]">
        <Field label={`Extra days (1–${maxDays})`} error={errors.days}>
          {(props) => <input {...props} type="number" min={1} max={maxDays} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} className={inputClass} />}
        </Field>
      </div>
      <Field label="Reason" error={errors.reason} hint={reasonHint}>
        {(props) => <textarea {...props} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} className={inputClass} />}
      </Field>
      <FormButtons pending={send.pending} label={label} pendingLabel={pendingLabel} onCancel={onCancel} />
      <ErrorMessage message={send.error?.message} />
    </CommandForm>
  )
}
