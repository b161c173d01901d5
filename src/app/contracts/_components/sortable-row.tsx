'use client'

import { useSortable } from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import { memo } from 'react'
import { formatCents, type Cents } from '@/domain/money'
import { Day } from '../../components/locale'
import { MilestoneForm } from './milestone-form'
import type { ValidMilestone } from './milestone-rules'
import { iconButton } from './ui'

export type DraftRow = {
  /** Stable key for React and dnd-kit: the milestone id, or `new-N` for an added one. */
  readonly key: string
  readonly id?: string
  readonly title: string
  readonly description: string
  readonly amountCents: Cents
  readonly dueDate: string | null
  /** The due date as saved, for the "not in the past" rule (R10). */
  readonly savedDueDate: string | null
}

/** The id of a row's ✎ button, where focus returns after an edit or a removal nearby. */
export const editButtonId = (key: string) => `edit-${key}`

type Props = {
  row: DraftRow
  position: number
  isEditing: boolean
  /** How the draft differs from the saved plan for this row, for a badge. */
  change: 'new' | 'edited' | 'moved' | null
  onEdit: (key: string) => void
  onRemove: (key: string) => void
  onUpdate: (key: string, value: ValidMilestone) => void
  onCancelEdit: (key: string) => void
}

/**
 * One upcoming milestone in the editor: re-order handle, position, fields, ✎ and 🗑. Memoised with
 * stable callbacks, so a change to one row re-renders that row only (200-milestone plans stay fast).
 */
export const SortableRow = memo(function SortableRow({ row, position, isEditing, change, onEdit, onRemove, onUpdate, onCancelEdit }: Props) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: row.key, disabled: isEditing })
  const style = { transform: CSS.Translate.toString(transform), transition }
  return (
    <li
      ref={setNodeRef}
      style={style}
      className={`relative flex items-start gap-2 rounded-md border bg-white p-3 sm:gap-3 ${isDragging ? 'z-10 border-indigo-400 shadow-lg ring-2 ring-indigo-200' : change === 'new' ? 'border-emerald-300' : change ? 'border-amber-300' : 'border-slate-200'}`}
    >
      <button
        ref={setActivatorNodeRef}
        type="button"
        {...attributes}
        {...listeners}
        aria-label={`Re-order “${row.title}”`}
        title="Drag to re-order (or press Space, then the arrow keys)"
        className={`${iconButton} shrink-0 cursor-grab touch-none active:cursor-grabbing`}
        disabled={isEditing}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
          <circle cx="7" cy="5" r="1.5" /><circle cx="13" cy="5" r="1.5" /><circle cx="7" cy="10" r="1.5" />
          <circle cx="13" cy="10" r="1.5" /><circle cx="7" cy="15" r="1.5" /><circle cx="13" cy="15" r="1.5" />
        </svg>
      </button>
      <span className="mt-2 w-7 shrink-0 text-right text-sm tabular-nums text-slate-500" aria-hidden="true">
        {position}.
      </span>
      {isEditing ? (
        <MilestoneForm
          heading={`Edit “${row.title}”`}
          submitLabel="Done"
          initial={row}
          savedDueDate={row.savedDueDate}
          onSubmit={(value) => onUpdate(row.key, value)}
          onCancel={() => onCancelEdit(row.key)}
        />
      ) : (
        <>
          <div className="min-w-0 flex-1 py-1.5">
            <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
              <span className="break-words">{row.title}</span>
              {change === 'new' && <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-inset ring-emerald-300">New</span>}
              {change === 'edited' && <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-300">Edited</span>}
              {change === 'moved' && <span className="rounded-full bg-violet-50 px-2 py-0.5 text-xs font-medium text-violet-800 ring-1 ring-inset ring-violet-300">Moved</span>}
            </p>
            {row.description && <p className="mt-0.5 line-clamp-2 break-words text-sm text-slate-600">{row.description}</p>}
            <p className="mt-1 flex flex-wrap gap-x-4 text-sm text-slate-600">
              <span className="font-medium tabular-nums text-slate-900">{formatCents(row.amountCents)}</span>
              <span>{row.dueDate ? <>Due <Day day={row.dueDate} /></> : 'No due date'}</span>
            </p>
          </div>
          <div className="flex shrink-0 gap-1">
            <button type="button" id={editButtonId(row.key)} className={iconButton} aria-label={`Edit “${row.title}”`} title="Edit" onClick={() => onEdit(row.key)}>
              <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
                <path d="M13.6 2.6a2 2 0 0 1 2.8 0l1 1a2 2 0 0 1 0 2.8l-9.3 9.3-4.2 1.2a.6.6 0 0 1-.7-.7l1.2-4.2 9.2-9.4Zm-8 9.9-.7 2.6 2.6-.7 7.3-7.3-1.9-1.9-7.3 7.3Z" />
              </svg>
            </button>
            <button type="button" className={`${iconButton} hover:text-red-700`} aria-label={`Remove “${row.title}”`} title="Remove" onClick={() => onRemove(row.key)}>
              <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
                <path fillRule="evenodd" d="M8 2a1 1 0 0 0-1 1v1H4a1 1 0 0 0 0 2h.3l.8 10.1A2 2 0 0 0 7.1 18h5.8a2 2 0 0 0 2-1.9L15.7 6h.3a1 1 0 1 0 0-2h-3V3a1 1 0 0 0-1-1H8Zm1 2h2V4H9Zm-2.7 2 .8 10h5.8l.8-10H6.3ZM8.5 8a.75.75 0 0 1 .75.75v5.5a.75.75 0 0 1-1.5 0v-5.5A.75.75 0 0 1 8.5 8Zm3 0a.75.75 0 0 1 .75.75v5.5a.75.75 0 0 1-1.5 0v-5.5A.75.75 0 0 1 11.5 8Z" clipRule="evenodd" />
              </svg>
            </button>
          </div>
        </>
      )}
    </li>
  )
})
