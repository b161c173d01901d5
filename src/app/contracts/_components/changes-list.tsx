import { describeChangeLines, type PlanChange } from '@/domain/plan-diff'

const KIND: Record<PlanChange['kind'], { label: string; className: string }> = {
  ADDED: { label: 'Added', className: 'bg-emerald-50 text-emerald-800 ring-emerald-300' },
  REMOVED: { label: 'Removed', className: 'bg-rose-50 text-rose-800 ring-rose-300' },
  MOVED: { label: 'Moved', className: 'bg-violet-50 text-violet-800 ring-violet-300' },
  EDITED: { label: 'Edited', className: 'bg-amber-50 text-amber-800 ring-amber-300' },
}

/**
 * A plan diff in plain English (the domain's describeChange wording), one entry per change: the
 * Show changes preview, the Review updates page and a stale-save notice all render it.
 * `offset` is the number of locked milestones, so positions read as the whole plan's.
 */
export function ChangesList({ changes, offset, empty = 'No changes.' }: { changes: readonly PlanChange[]; offset: number; empty?: string }) {
  if (changes.length === 0) return <p className="text-sm text-slate-600">{empty}</p>
  return (
    <ul className="space-y-2">
      {changes.map((change, i) => {
        const { label, className } = KIND[change.kind]
        const lines = describeChangeLines(change, offset)
        return (
          <li key={`${change.kind}-${'id' in change ? change.id : `new-${change.to}`}-${i}`} className="flex items-start gap-2 text-sm">
            <span className={`mt-0.5 inline-flex w-[4.5rem] shrink-0 justify-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${className}`}>{label}</span>
            <span className="min-w-0 break-words text-slate-800">
              {lines.length === 1 ? (
                lines[0]
              ) : (
                <ul className="space-y-0.5">
                  {lines.map((line, j) => (
                    <li key={j}>{line}</li>
                  ))}
                </ul>
              )}
            </span>
          </li>
        )
      })}
    </ul>
  )
}
