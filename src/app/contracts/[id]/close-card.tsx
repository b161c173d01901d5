'use client'

import { useCallback, useId, useState, type FormEvent } from 'react'
import { formatCents, parseDollars, type Cents } from '@/domain/money'
import { newIdempotencyKey } from '../../lib/api-client'
import { ErrorMessage } from '../_components/error-message'
import { centsToInput } from '../_components/milestone-rules'
import { nameOf, type ContractView, type OnDone } from '../_components/types'
import { buttonDanger, buttonSecondary, cardClass, fieldErrorClass, inputClass, labelClass } from '../_components/ui'
import { useCommand } from '../_components/use-command'

type Props = { contract: ContractView; onDone: OnDone }

/**
 * Closing the contract (R11). With nothing held it closes at once; otherwise the client proposes
 * a refund of part or all of what escrow holds (the rest goes to the expert), and an expert who
 * closes refunds everything held.
 */
export function CloseCard({ contract, onDone }: Props) {
  const id = useId()
  const held = contract.escrow.heldCents
  const isProposal = contract.allowedActions.includes('PROPOSE_CLOSE')
  const [open, setOpen] = useState(false)
  const [refund, setRefund] = useState(centsToInput(held))
  const [key, setKey] = useState(newIdempotencyKey)
  const close = useCommand(
    useCallback(
      (next: ContractView) => {
        setOpen(false)
        onDone(next, next.status === 'CLOSED' ? 'The contract is closed.' : 'Close proposal sent to the expert.')
      },
      [onDone],
    ),
  )

  const parsed = parseDollars(refund)
  let error: string | null = null
  let refundCents: Cents | null = null
  if (!parsed.ok) error = parsed.error.message
  else if (parsed.value > held) error = `You can refund at most ${formatCents(held)}, what escrow holds.`
  else refundCents = parsed.value

  /** Opens the form on what escrow holds now (it may have changed since the card first showed). */
  function start() {
    setRefund(centsToInput(held))
    setKey(newIdempotencyKey())
    setOpen(true)
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (isProposal && refundCents === null) return
    void close.run(`/api/contracts/${contract.id}/close`, { body: isProposal ? { refundCents } : {}, idempotencyKey: key })
  }

  const explanation = isProposal
    ? `Escrow holds ${formatCents(held)}. Choose how much is refunded to you; the rest is released to ${nameOf(contract.expert)}. The expert accepts or declines.`
    : held > 0
      ? `Closing refunds everything held in escrow (${formatCents(held)}) to the client. A closed contract is read-only.`
      : 'Nothing is held in escrow, so the contract closes at once. A closed contract is read-only.'

  return (
    <section aria-labelledby={`${id}-heading`} className={`${cardClass} p-5`}>
      <h2 id={`${id}-heading`} className="text-base font-semibold text-slate-900">
        Close contract
      </h2>
      <p className="mt-2 text-sm text-slate-600">{explanation}</p>
      {!open ? (
        <button type="button" className={`${buttonSecondary} mt-4`} onClick={start}>
          Close contract…
        </button>
      ) : (
        <form onSubmit={submit} noValidate className="mt-4 space-y-3">
          {isProposal && (
            <div>
              <label htmlFor={`${id}-refund`} className={labelClass}>
                Refund to you (USD)
              </label>
              <input
                id={`${id}-refund`}
                inputMode="decimal"
                className={`${inputClass} mt-1`}
                value={refund}
                onChange={(event) => {
                  setRefund(event.target.value)
                  setKey(newIdempotencyKey())
                }}
                aria-invalid={error !== null}
                aria-describedby={`${id}-refund-help`}
              />
              {error ? (
                <p id={`${id}-refund-help`} className={fieldErrorClass}>
                  {error}
                </p>
              ) : (
                <p id={`${id}-refund-help`} className="mt-1 text-xs text-slate-600">
                  Released to {nameOf(contract.expert)}: {formatCents((held - (refundCents ?? 0)) as Cents)}
                </p>
              )}
            </div>
          )}
          <div className="flex flex-wrap gap-2">
            <button type="submit" className={buttonDanger} disabled={close.pending || (isProposal && refundCents === null)}>
              {close.pending ? 'Closing…' : isProposal ? 'Close contract' : 'Close contract now'}
            </button>
            <button type="button" className={buttonSecondary} onClick={() => setOpen(false)} disabled={close.pending}>
              Cancel
            </button>
          </div>
          <ErrorMessage message={close.error?.message} />
        </form>
      )}
    </section>
  )
}
