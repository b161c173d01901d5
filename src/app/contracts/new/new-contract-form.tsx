'use client'

import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { formatCents, type Cents } from '@/domain/money'
import { callApi } from '../../lib/api-client'
import { validateMilestone, type MilestoneErrors, type MilestoneInput, type ValidMilestone } from '../_components/milestone-rules'
import { Field } from '../_components/field'
import { buttonPrimary, buttonSecondary, cardClass, iconButton, inputClass } from '../_components/ui'

type Row = MilestoneInput & { key: number }

const emptyRow = (key: number): Row => ({ key, title: '', description: '', amount: '', dueDate: '' })

export function NewContractForm() {
  const router = useRouter()
  const [title, setTitle] = useState('')
  const [expertEmail, setExpertEmail] = useState('')
  // R15/R19: the review window and how long a change request waits, 1–30 days.
  const [reviewDays, setReviewDays] = useState('14')
  const [requestDays, setRequestDays] = useState('7')
  const [rows, setRows] = useState<Row[]>([emptyRow(0)])
  const [nextKey, setNextKey] = useState(1)
  const [errors, setErrors] = useState<{ title?: string; expertEmail?: string; reviewDays?: string; requestDays?: string; rows: Record<number, MilestoneErrors> }>({ rows: {} })
  const [pending, setPending] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  const total = rows.reduce((sum, row) => sum + (validateMilestone(row).value?.amountCents ?? 0), 0)

  function update(key: number, field: keyof MilestoneInput, value: string) {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, [field]: value } : row)))
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const next: typeof errors = { rows: {} }
    if (title.trim() === '') next.title = 'Give the contract a title.'
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(expertEmail.trim())) next.expertEmail = "Enter the expert's email address."
    const days = (value: string) => (/^\d{1,2}$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= 30 ? Number(value) : null)
    if (days(reviewDays) === null) next.reviewDays = 'Choose 1 to 30 days.'
    if (days(requestDays) === null) next.requestDays = 'Choose 1 to 30 days.'
    const milestones: ValidMilestone[] = []
    for (const row of rows) {
      const result = validateMilestone(row)
      if (result.value) milestones.push(result.value)
      else next.rows[row.key] = result.errors
    }
    setErrors(next)
    if (next.title || next.expertEmail || next.reviewDays || next.requestDays || Object.keys(next.rows).length > 0) {
      setMessage('Check the highlighted fields.')
      return
    }
    setPending(true)
    setMessage(null)
    const result = await callApi<{ id: string }>('/api/contracts', {
      body: { title: title.trim(), expertEmail: expertEmail.trim(), milestones, reviewDays: days(reviewDays), requestDays: days(requestDays) },
    })
    if (result.ok) {
      router.push(`/contracts/${result.data.id}`)
      return
    }
    setMessage(result.error.message)
    setPending(false)
  }

  return (
    <form onSubmit={submit} noValidate className="mt-6 space-y-6">
      <div className={`${cardClass} space-y-4 p-5`}>
        <Field label="Contract title" error={errors.title}>
          {(props) => <input {...props} value={title} onChange={(e) => setTitle(e.target.value)} className={inputClass} placeholder="Website redesign" />}
        </Field>
        <Field label="Expert's email" error={errors.expertEmail} hint="They get an email with a link to the contract.">
          {(props) => (
            <input {...props} type="email" autoComplete="off" value={expertEmail} onChange={(e) => setExpertEmail(e.target.value)} className={inputClass} placeholder="expert@example.com" />
          )}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Review window (days)" error={errors.reviewDays} hint="After the expert submits work, you have this long to release, request changes or extend. Then payment is released automatically.">
            {(props) => <input {...props} type="number" min={1} max={30} inputMode="numeric" value={reviewDays} onChange={(e) => setReviewDays(e.target.value)} className={inputClass} />}
          </Field>
          <Field label="Days to answer a change request" error={errors.requestDays} hint="A milestone update request left unanswered this long expires.">
            {(props) => <input {...props} type="number" min={1} max={30} inputMode="numeric" value={requestDays} onChange={(e) => setRequestDays(e.target.value)} className={inputClass} />}
          </Field>
        </div>
      </div>

      <fieldset className={`${cardClass} p-5`} aria-labelledby="first-milestones-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="first-milestones-heading" className="text-base font-semibold text-slate-900">
            First milestones
          </h2>
          <p className="text-sm text-slate-600">
            Total <span className="font-semibold tabular-nums text-slate-900">{formatCents(total as Cents)}</span>
          </p>
        </div>
        <ol className="mt-4 space-y-4">
          {rows.map((row, index) => (
            <li key={row.key} className="rounded-md border border-slate-200 bg-slate-50 p-4">
              <div className="flex items-center justify-between">
                <h3 className="text-sm font-semibold text-slate-700">Milestone {index + 1}</h3>
                {rows.length > 1 && (
                  <button
                    type="button"
                    className={iconButton}
                    aria-label={`Remove milestone ${index + 1}`}
                    title="Remove"
                    onClick={() => setRows((current) => current.filter((r) => r.key !== row.key))}
                  >
                    <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
                      <path fillRule="evenodd" d="M8 2a1 1 0 0 0-1 1v1H4a1 1 0 0 0 0 2h.3l.8 10.1A2 2 0 0 0 7.1 18h5.8a2 2 0 0 0 2-1.9L15.7 6h.3a1 1 0 1 0 0-2h-3V3a1 1 0 0 0-1-1H8Zm1 2h2V4H9Zm-2.7 2 .8 10h5.8l.8-10H6.3Z" clipRule="evenodd" />
                    </svg>
                  </button>
                )}
              </div>
              <div className="mt-2 grid gap-3 sm:grid-cols-6">
                <div className="sm:col-span-6">
                  <Field label="Title" error={errors.rows[row.key]?.title}>
                    {(props) => <input {...props} value={row.title} onChange={(e) => update(row.key, 'title', e.target.value)} className={inputClass} />}
                  </Field>
                </div>
                <div className="sm:col-span-3">
                  <Field label="Amount (USD)" error={errors.rows[row.key]?.amount} hint="$5.00 minimum">
                    {(props) => (
                      <input {...props} inputMode="decimal" value={row.amount} onChange={(e) => update(row.key, 'amount', e.target.value)} className={inputClass} placeholder="250.00" />
                    )}
                  </Field>
                </div>
                <div className="sm:col-span-3">
                  <Field label="Due date (optional)" error={errors.rows[row.key]?.dueDate}>
                    {(props) => <input {...props} type="date" value={row.dueDate} onChange={(e) => update(row.key, 'dueDate', e.target.value)} className={inputClass} />}
                  </Field>
                </div>
                <div className="sm:col-span-6">
                  <Field label="Description (optional)" error={errors.rows[row.key]?.description}>
                    {(props) => <textarea {...props} rows={2} value={row.description} onChange={(e) => update(row.key, 'description', e.target.value)} className={inputClass} />}
                  </Field>
                </div>
              </div>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className={`${buttonSecondary} mt-4`}
          onClick={() => {
            setRows((current) => [...current, emptyRow(nextKey)])
            setNextKey((k) => k + 1)
          }}
        >
          <span aria-hidden="true">+</span> Add milestone
        </button>
      </fieldset>

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonPrimary} disabled={pending}>
          {pending ? 'Creating…' : 'Create contract'}
        </button>
        <p role="status" aria-live="polite" className={message ? 'text-sm text-red-700' : 'sr-only'}>
          {message ?? ''}
        </p>
      </div>
    </form>
  )
}
