import type { MilestoneState } from '@/domain/types'

const STYLE: Record<MilestoneState, { label: string; className: string }> = {
  UPCOMING: { label: 'Upcoming', className: 'bg-slate-100 text-slate-700 ring-slate-300' },
  FUNDED: { label: 'Funded', className: 'bg-sky-50 text-sky-800 ring-sky-300' },
  SUBMITTED: { label: 'Work submitted', className: 'bg-amber-50 text-amber-800 ring-amber-300' },
  RELEASED: { label: 'Paid', className: 'bg-emerald-50 text-emerald-800 ring-emerald-300' },
  REFUNDED: { label: 'Refunded', className: 'bg-rose-50 text-rose-800 ring-rose-300' },
}

const pill = 'inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset'

export function StateBadge({ state }: { state: MilestoneState }) {
  const { label, className } = STYLE[state]
  return <span className={`${pill} ${className}`}>{label}</span>
}

export function StatusBadge({ status }: { status: 'OPEN' | 'CLOSED' }) {
  return status === 'OPEN' ? (
    <span className={`${pill} bg-emerald-50 text-emerald-800 ring-emerald-300`}>Open</span>
  ) : (
    <span className={`${pill} bg-slate-100 text-slate-700 ring-slate-300`}>Closed</span>
  )
}

export function OverdueBadge() {
  return <span className={`${pill} bg-red-50 text-red-800 ring-red-300`}>Overdue</span>
}

export function AttentionBadge({ children }: { children: string }) {
  return (
    <span className={`${pill} bg-indigo-600 text-white ring-indigo-600`}>
      <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-white" />
      {children}
    </span>
  )
}

const DISPUTE: Record<'OPEN' | 'ESCALATED' | 'SETTLED', { label: string; className: string }> = {
  OPEN: { label: 'Open dispute', className: 'bg-amber-50 text-amber-800 ring-amber-300' },
  ESCALATED: { label: 'With the operator', className: 'bg-rose-50 text-rose-800 ring-rose-300' },
  SETTLED: { label: 'Settled', className: 'bg-emerald-50 text-emerald-800 ring-emerald-300' },
}

/** R21: where a dispute stands. */
export function DisputeBadge({ status }: { status: keyof typeof DISPUTE }) {
  const { label, className } = DISPUTE[status]
  return <span className={`${pill} ${className}`}>{label}</span>
}
