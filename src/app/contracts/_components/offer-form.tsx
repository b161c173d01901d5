'use client'

import { useId, useState, type FormEvent } from 'react'
import { formatCents, parseDollars, type Cents } from '@/domain/money'
import { buttonPrimary, fieldErrorClass, inputClass, labelClass } from './ui'

export type OfferInput = { statement: string; releaseCents: number }

type Props = {
  /** What the disputed milestone holds: the most an offer can release. */
  heldCents: number
  /** The label of the text field: "Statement", or "Reason" for an operator's decision. */
  textLabel: string
  textHelp: string
  submitLabel: string
  pendingLabel: string
  pending: boolean
  onSubmit: (input: OfferInput) => void
  children?: React.ReactNode
}

/**
 * R21: an amount released to the expert (0 up to what the milestone holds; the rest is refunded to
 * the client) and a statement. Opening a dispute, every counter-offer and the operator's decision
 * use it; the server checks the same bound and names the field when it refuses.
 */
export function OfferForm({ heldCents, textLabel, textHelp, submitLabel, pendingLabel, pending, onSubmit, children }: Props) {
  const id = useId()
  const [amount, setAmount] = useState('')
  const [text, setText] = useState('')
  const [touched, setTouched] = useState(false)
  const parsed = amount.trim() === '' ? null : parseDollars(amount)
  let amountError: string | null = null
  let releaseCents: Cents | null = null
  if (parsed === null) amountError = 'Enter an amount, $0.00 or more.'
  else if (!parsed.ok) amountError = parsed.error.message
  else if (parsed.value > heldCents) amountError = `At most ${formatCents(heldCents as Cents)}, what the milestone holds.`
  else releaseCents = parsed.value
  const textError = text.trim() === '' ? `${textLabel} is required.` : null

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setTouched(true)
    if (releaseCents === null || textError) return
    onSubmit({ statement: text.trim(), releaseCents })
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <div>
        <label htmlFor={`${id}-amount`} className={labelClass}>
          Released to the expert (USD)
        </label>
        <input
          id={`${id}-amount`}
          inputMode="decimal"
          className={`${inputClass} mt-1 max-w-xs`}
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          aria-invalid={touched && amountError !== null}
          aria-describedby={`${id}-amount-help`}
        />
        {touched && amountError ? (
          <p id={`${id}-amount-help`} className={fieldErrorClass}>
            {amountError}
          </p>
        ) : (
          <p id={`${id}-amount-help`} className="mt-1 text-xs text-slate-600">
            {releaseCents === null
              ? `From $0.00 to ${formatCents(heldCents as Cents)}; the rest is refunded to the client.`
              : `Refunded to the client: ${formatCents((heldCents - releaseCents) as Cents)}.`}
          </p>
        )}
      </div>
      <div>
        <label htmlFor={`${id}-text`} className={labelClass}>
          {textLabel}
        </label>
        <textarea
          id={`${id}-text`}
          rows={3}
          maxLength={5000}
          className={`${inputClass} mt-1`}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={touched && textError !== null}
          aria-describedby={`${id}-text-help`}
        />
        <p id={`${id}-text-help`} className={touched && textError ? fieldErrorClass : 'mt-1 text-xs text-slate-600'}>
          {touched && textError ? textError : textHelp}
        </p>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonPrimary} disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
        {children}
      </div>
    </form>
  )
}
