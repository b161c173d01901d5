import { formatCents } from '@/domain/money'
import { Day } from '../../components/locale'
import { StateBadge } from './state-badge'
import type { ContractMilestone } from './types'

/** A funded or paid milestone in the editor: shown in place, with a lock, and no handle, ✎ or 🗑 (R5). */
export function LockedRow({ milestone, position }: { milestone: ContractMilestone; position: number }) {
  return (
    <li className="flex items-start gap-2 rounded-md border border-slate-200 bg-slate-50 p-3 sm:gap-3" aria-label={`${milestone.title} (locked)`}>
      <span className="grid h-9 w-9 shrink-0 place-items-center text-slate-500" title="Funded or paid milestones can't be changed">
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
          <path fillRule="evenodd" d="M10 2a4 4 0 0 0-4 4v2H5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V9a1 1 0 0 0-1-1h-1V6a4 4 0 0 0-4-4Zm2 6V6a2 2 0 1 0-4 0v2h4Z" clipRule="evenodd" />
        </svg>
        <span className="sr-only">Locked</span>
      </span>
      <span className="mt-2 w-7 shrink-0 text-right text-sm tabular-nums text-slate-500" aria-hidden="true">
        {position}.
      </span>
      <div className="min-w-0 flex-1 py-1.5">
        <p className="flex flex-wrap items-center gap-2 font-medium text-slate-700">
          <span className="break-words">{milestone.title}</span>
          <StateBadge state={milestone.state} />
        </p>
        <p className="mt-1 flex flex-wrap gap-x-4 text-sm text-slate-500">
          <span className="tabular-nums">{formatCents(milestone.amountCents)}</span>
          <span>{milestone.dueDate ? <>Due <Day day={milestone.dueDate} /></> : 'No due date'}</span>
        </p>
      </div>
    </li>
  )
}
