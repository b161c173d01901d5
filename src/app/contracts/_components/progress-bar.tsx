import { formatCents, type Cents } from '@/domain/money'

type Props = { releasedCents: number; escrowCents: number; toFundCents: number; refundedCents?: number; compact?: boolean }

/**
 * Where the plan's money is: released to the expert, held in escrow, still to fund. One bar, three
 * segments, with the figures in words beside it (a bar alone says nothing to a screen reader).
 */
export function ProgressBar({ releasedCents, escrowCents, toFundCents, refundedCents = 0, compact = false }: Props) {
  const total = releasedCents + escrowCents + toFundCents + refundedCents
  const pct = (part: number) => (total > 0 ? (part / total) * 100 : 0)
  const summary = `${formatCents(releasedCents as Cents)} released, ${formatCents(escrowCents as Cents)} in escrow, ${formatCents(toFundCents as Cents)} still to fund${refundedCents > 0 ? `, ${formatCents(refundedCents as Cents)} refunded` : ''}`
  return (
    <div>
      <div
        role="img"
        aria-label={`Progress: ${summary}`}
        className={`flex w-full overflow-hidden rounded-full bg-slate-200 ${compact ? 'h-2' : 'h-3'}`}
      >
        <div className="bg-emerald-500" style={{ width: `${pct(releasedCents)}%` }} />
        <div className="bg-sky-500" style={{ width: `${pct(escrowCents)}%` }} />
        <div className="ml-auto bg-rose-300" style={{ width: `${pct(refundedCents)}%` }} />
      </div>
      <ul className={`mt-2 flex flex-wrap gap-x-4 gap-y-1 text-slate-600 ${compact ? 'text-xs' : 'text-sm'}`} aria-hidden="true">
        <Legend color="bg-emerald-500" label="Released" value={releasedCents} />
        <Legend color="bg-sky-500" label="In escrow" value={escrowCents} />
        <Legend color="bg-slate-300" label="To fund" value={toFundCents} />
        {refundedCents > 0 && <Legend color="bg-rose-300" label="Refunded" value={refundedCents} />}
      </ul>
    </div>
  )
}

function Legend({ color, label, value }: { color: string; label: string; value: number }) {
  return (
    <li className="flex items-center gap-1.5">
      <span className={`h-2 w-2 rounded-full ${color}`} />
      {label} <span className="font-medium tabular-nums text-slate-800">{formatCents(value as Cents)}</span>
    </li>
  )
}
