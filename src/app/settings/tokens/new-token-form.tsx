'use client'

import { useState, type FormEvent } from 'react'
import { callApi } from '../../lib/api-client'
import { Field } from '../../contracts/_components/field'
import { buttonPrimary, cardClass, inputClass } from '../../contracts/_components/ui'
import type { CreatedToken } from './types'

/** Expiry choices in days. A year is the longest R22 allows; 365 days is within it in every year. */
const EXPIRY_DAYS = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
]

const SCOPES = [
  { value: 'read', label: 'Read-only', hint: 'Reads contracts, activity and records. Cannot change anything.' },
  { value: 'write', label: 'Read and write', hint: 'Does everything you can: change plans, fund milestones, release payment.' },
] as const

/** "New token": a name, an expiry and read-only or read-write; the API makes it and answers with the token once. */
export function NewTokenForm({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const [name, setName] = useState('')
  const [days, setDays] = useState(30)
  const [scope, setScope] = useState<'read' | 'write'>('read')
  const [nameError, setNameError] = useState<string>()
  const [message, setMessage] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (name.trim() === '') {
      setNameError('Give the token a name, such as the script that will use it.')
      setMessage('Check the highlighted field.')
      return
    }
    setNameError(undefined)
    setPending(true)
    setMessage(null)
    const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString()
    const result = await callApi<CreatedToken>('/api/tokens', { body: { name: name.trim(), expiresAt, scope } })
    setPending(false)
    if (!result.ok) {
      setMessage(result.error.message)
      return
    }
    setName('')
    onCreated(result.data)
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-token-heading" className={`${cardClass} space-y-4 p-5`}>
      <h2 id="new-token-heading" className="text-base font-semibold text-slate-900">
        New token
      </h2>
      <Field label="Name" error={nameError} hint="What uses it, so you know which one to revoke later.">
        {(props) => <input {...props} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} className={inputClass} placeholder="Accounting export" />}
      </Field>
      <Field label="Expires in">
        {(props) => (
          <select {...props} value={days} onChange={(e) => setDays(Number(e.target.value))} className={inputClass}>
            {EXPIRY_DAYS.map((option) => (
              <option key={option.days} value={option.days}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend className="block text-sm font-medium text-slate-800">Access</legend>
        <div className="mt-2 space-y-2">
          {SCOPES.map((option) => (
            <label key={option.value} className="flex items-start gap-2 text-sm text-slate-800">
              <input
                type="radio"
                name="scope"
                value={option.value}
                checked={scope === option.value}
                onChange={() => setScope(option.value)}
                className="mt-0.5 h-4 w-4 accent-indigo-600"
                aria-describedby={`scope-${option.value}-hint`}
              />
              <span>
                <span className="font-medium">{option.label}</span>
                <span id={`scope-${option.value}-hint`} className="block text-slate-600">
                  {option.hint}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonPrimary} disabled={pending}>
          {pending ? 'Creating…' : 'Create token'}
        </button>
        <p role="status" aria-live="polite" className={message ? 'text-sm text-red-700' : 'sr-only'}>
          {message ?? ''}
        </p>
      </div>
    </form>
  )
}
