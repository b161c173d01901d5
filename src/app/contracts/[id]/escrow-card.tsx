import { formatCents, type Cents } from '@/domain/money'
import { ProgressBar } from '../_components/progress-bar'
import { toFundCents, type ContractView } from '../_components/types'
import { cardClass } from '../_components/ui'

/** Where the money is: deposited, released, refunded, held, and the free balance. */
export function EscrowCard({ contract }: { contract: ContractView }) {
  const { escrow } = contract
  const rows: [string, number, string?][] = [
    ['Deposited', escrow.depositedCents],
    ['Released to expert', escrow.releasedCents],
    ['Refunded to client', escrow.refundedCents],
    ['Held in escrow', escrow.heldCents, 'font-semibold text-slate-900'],
    ['Balance for next milestone', escrow.balanceCents],
  ]
  return (
    <section aria-labelledby="escrow-heading" className={`${cardClass} p-5`}>
      <h2 id="escrow-heading" className="text-base font-semibold text-slate-900">
        Escrow
      </h2>
      <div className="mt-4">
        <ProgressBar
          releasedCents={escrow.releasedCents}
          escrowCents={escrow.heldCents}
          // A closed contract funds nothing more: its leftover upcoming milestones are not money still to come.
          toFundCents={contract.status === 'OPEN' ? toFundCents(contract) : 0}
          refundedCents={escrow.refundedCents}
        />
      </div>
      <dl className="mt-4 divide-y divide-slate-100 text-sm">
        {rows.map(([label, value, strong]) => (
          <div key={label} className="flex items-center justify-between py-2">
            <dt className="text-slate-600">{label}</dt>
            <dd className={`tabular-nums ${strong ?? 'text-slate-800'}`}>{formatCents(value as Cents)}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-xs text-slate-500">The balance is left over from partial payments and is used first when you fund the next milestone.</p>
    </section>
  )
}
