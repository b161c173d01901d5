'use client'

import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { formatCents, parseDollars, type Cents } from '@/domain/money'
import { newIdempotencyKey } from '../../lib/api-client'
import { ErrorMessage } from '../_components/error-message'
import { centsToInput } from '../_components/milestone-rules'
import type { ContractMilestone, ContractView, OnDone } from '../_components/types'
import { buttonPrimary, buttonSecondary, fieldErrorClass, inputClass, labelClass } from '../_components/ui'
import { useCommand } from '../_components/use-command'

type Props = { contract: ContractView; milestone: ContractMilestone; onCancel: () => void; onDone: OnDone }

/** Paying the expert: the full funded amount or a part of it (R6); the rest stays in the balance. */
export function ReleasePanel({ contract, milestone, onCancel, onDone }: Props) {
  const id = useId()
  const [key, setKey] = useState(newIdempotencyKey)
  const [amount, setAmount] = useState(centsToInput(milestone.fundedCents))
  const [touched, setTouched] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const release = useCommand(useCallback((next: ContractView) => onDone(next, `Payment released for “${milestone.title}”.`), [onDone, milestone.title]))

  useEffect(() => input.current?.select(), [])

  const parsed = parseDollars(amount)
  let error: string | null = null
  let cents: Cents | null = null
  if (!parsed.ok) error = parsed.error.message
  else if (parsed.value < 1) error = 'Release at least $0.01.'
  else if (parsed.value > milestone.fundedCents) error = `You can release at most ${formatCents(milestone.fundedCents)}, the funded amount.`
  else cents = parsed.value
  const remainder = cents === null ? null : milestone.fundedCents - cents

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setTouched(true)
    if (cents === null) return
    void release.run(`/api/contracts/${contract.id}/milestones/${milestone.id}/release`, { body: { amountCents: cents }, idempotencyKey: key })
  }

  return (
    <form onSubmit={submit} noValidate className="mt-3 rounded-md border border-indigo-200 bg-indigo-50/60 p-4" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="font-semibold text-slate-900">
        Release payment for “{milestone.title}”
      </h4>
      <div className="mt-3 max-w-xs">
        <label htmlFor={`${id}-amount`} className={labelClass}>
          Amount to release (USD)
        </label>
        <input
          ref={input}
          id={`${id}-amount`}
          inputMode="decimal"
          className={`${inputClass} mt-1`}
          value={amount}
          onChange={(event) => {
            setAmount(event.target.value)
            setTouched(true)
            // Another amount is another request: it needs its own key (the same key would be refused).
            setKey(newIdempotencyKey())
          }}
          aria-invalid={touched && error !== null}
          aria-describedby={`${id}-help`}
        />
        {touched && error ? (
          <p id={`${id}-help`} className={fieldErrorClass}>
            {error}
          </p>
        ) : (
          <p id={`${id}-help`} className="mt-1 text-xs text-slate-600">
            Funded: {formatCents(milestone.fundedCents)}.{' '}
            {remainder !== null && remainder > 0
              ? `Partial payment: ${formatCents(remainder as Cents)} stays in the escrow balance for the next milestone.`
              : 'Releasing the full amount.'}
          </p>
        )}
      </div>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="submit" className={buttonPrimary} disabled={release.pending}>
          {release.pending ? 'Releasing…' : cents !== null ? `Release ${formatCents(cents)}` : 'Release payment'}
        </button>
        <button type="button" className={buttonSecondary} onClick={onCancel} disabled={release.pending}>
          Cancel
        </button>
      </div>
      <ErrorMessage message={release.error?.message} className="mt-3" />
    </form>
  )
}
