'use client'

import { useCallback, useId, useState, type FormEvent } from 'react'
import { formatCents, parseDollars, type Cents } from '@/domain/money'
import { newIdempotencyKey } from '../../lib/api-client'
import { ErrorMessage } from '../_components/error-message'
import { centsToInput } from '../_components/milestone-rules'
import { nameOf, type ContractView, type OnDone } from '../_components/types'
import { buttonDanger, buttonSecondary, fieldErrorClass, inputClass, labelClass } from '../_components/ui'
import { useCommand } from '../_components/use-command'

type Props = { contract: ContractView; onClose: () => void; onDone: OnDone }

/**
 * The close form of the close card (R11), loaded when it first opens (./lazy). It starts from what
 * escrow holds when it opens (it may have changed since the card first showed), and sends one
 * Idempotency-Key until the refund is edited.
 */
export function CloseForm({ contract, onClose, onDone }: Props) {
  const id = useId()
  const held = contract.escrow.heldCents
  const isProposal = contract.allowedActions.includes('PROPOSE_CLOSE')
  const [refund, setRefund] = useState(() => centsToInput(held))
  const [key, setKey] = useState(newIdempotencyKey)
  const close = useCommand(
    useCallback(
      (next: ContractView) => {
        onClose()
        onDone(next, next.status === 'CLOSED' ? 'The contract is closed.' : 'Close proposal sent to the expert.')
      },
      [onClose, onDone],
    ),
  )

  const parsed = parseDollars(refund)
  let error: string | null = null
  let refundCents: Cents | null = null
  if (!parsed.ok) error = parsed.error.message
  else if (parsed.value > held) error = `You can refund at most ${formatCents(held)}, what escrow holds.`
  else refundCents = parsed.value

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (isProposal && refundCents === null) return
    void close.run(`/api/contracts/${contract.id}/close`, { body: isProposal ? { refundCents } : {}, idempotencyKey: key })
  }

  return (
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
        <button type="button" className={buttonSecondary} onClick={onClose} disabled={close.pending}>
          Cancel
        </button>
      </div>
      <ErrorMessage message={close.error?.message} />
    </form>
  )
}
