'use client'

import { useCallback, useEffect, useRef, useState } from 'react'
import { depositFor } from '@/domain/escrow'
import { MIN_DEPOSIT_CENTS, formatCents, type Cents } from '@/domain/money'
import { newIdempotencyKey } from '../../lib/api-client'
import { ErrorMessage } from '../_components/error-message'
import type { ContractMilestone, ContractView, OnDone } from '../_components/types'
import { buttonPrimary, buttonSecondary } from '../_components/ui'
import { useCommand } from '../_components/use-command'

type Props = { contract: ContractView; milestone: ContractMilestone; onCancel: () => void; onDone: OnDone }

/**
 * Funding the next milestone: shows what the client pays now (R4: the balance is used first, and an
 * escrow payment is never below $5.00), then funds with one Idempotency-Key for the life of this
 * panel, so a double click or a retry replays instead of paying twice (R13).
 */
export function FundPanel({ contract, milestone, onCancel, onDone }: Props) {
  const [key] = useState(newIdempotencyKey)
  const heading = useRef<HTMLHeadingElement>(null)
  const plan = depositFor(milestone.amountCents, contract.escrow.balanceCents)
  // The message says what the server took, not what this panel estimated from a balance that may be old.
  const depositedBefore = contract.escrow.depositedCents
  const fund = useCommand(
    useCallback(
      (next: ContractView) => onDone(next, `“${milestone.title}” is funded. ${formatCents((next.escrow.depositedCents - depositedBefore) as Cents)} deposited into escrow.`),
      [onDone, milestone.title, depositedBefore],
    ),
  )
  const roundedUp = plan.depositCents === MIN_DEPOSIT_CENTS && milestone.amountCents - contract.escrow.balanceCents < MIN_DEPOSIT_CENTS

  useEffect(() => heading.current?.focus(), [])

  return (
    <div className="mt-3 rounded-md border border-indigo-200 bg-indigo-50/60 p-4" role="group" aria-labelledby={`fund-${milestone.id}`}>
      <h4 id={`fund-${milestone.id}`} ref={heading} tabIndex={-1} className="font-semibold text-slate-900 focus:outline-none">
        Fund “{milestone.title}”
      </h4>
      <dl className="mt-3 max-w-sm space-y-1.5 text-sm">
        <Row label="Milestone amount" value={formatCents(milestone.amountCents)} />
        <Row label="From escrow balance" value={formatCents(plan.fromBalanceCents)} />
        <Row label="You deposit now" value={formatCents(plan.depositCents)} strong />
        <Row label="Balance afterwards" value={formatCents(plan.balanceAfterCents)} />
      </dl>
      <p className="mt-3 text-xs text-slate-600">
        Escrow payments are at least {formatCents(MIN_DEPOSIT_CENTS)}.
        {roundedUp && ` So you deposit ${formatCents(MIN_DEPOSIT_CENTS)}, and ${formatCents(plan.balanceAfterCents)} stays in the balance for the next milestone.`}{' '}
        You fund one milestone at a time; the expert is paid when you release payment.
      </p>
      <div className="mt-4 flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonPrimary}
          disabled={fund.pending}
          onClick={() => void fund.run(`/api/contracts/${contract.id}/milestones/${milestone.id}/fund`, { idempotencyKey: key })}
        >
          {fund.pending ? 'Funding…' : plan.depositCents > 0 ? `Fund milestone · deposit ${formatCents(plan.depositCents)}` : 'Fund milestone from balance'}
        </button>
        <button type="button" className={buttonSecondary} onClick={onCancel} disabled={fund.pending}>
          Cancel
        </button>
      </div>
      <ErrorMessage message={fund.error?.message} className="mt-3" />
    </div>
  )
}

function Row({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={`flex justify-between gap-4 ${strong ? 'border-t border-indigo-200 pt-1.5 font-semibold text-slate-900' : 'text-slate-700'}`}>
      <dt>{label}</dt>
      <dd className="tabular-nums">{value}</dd>
    </div>
  )
}
