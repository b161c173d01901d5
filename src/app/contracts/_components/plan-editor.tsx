'use client'

import { DndContext, KeyboardSensor, MouseSensor, TouchSensor, closestCenter, useSensor, useSensors, type Announcements, type DragEndEvent } from '@dnd-kit/core'
import { SortableContext, arrayMove, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react'
import { formatCents, type Cents } from '@/domain/money'
import { diffPlan } from '@/domain/plan-diff'
import type { PlanEntry } from '@/domain/types'
import { callApi } from '../../lib/api-client'
import { ChangesList } from './changes-list'
import { ErrorMessage } from './error-message'
import { LockedRow } from './locked-row'
import { MilestoneForm } from './milestone-form'
import type { ValidMilestone } from './milestone-rules'
import { rebaseDraft } from './rebase'
import { SortableRow, editButtonId, type DraftRow } from './sortable-row'
import { StaleNotice, type Stale } from './stale-notice'
import { nameOf, type ContractView } from './types'
import { buttonPrimary, buttonSecondary, cardClass, inputClass, labelClass } from './ui'
import { useLeaveGuard } from './use-leave-guard'

/** save: the client's Save; propose: the expert's change request; modify: the client accepts a modified request. */
export type EditorMode = { kind: 'save' } | { kind: 'propose' } | { kind: 'modify'; requestId: string }

type Props = { contract: ContractView; mode: EditorMode; draft?: readonly PlanEntry[]; startAdding?: boolean; onCancel?: () => void }

type Base = { version: number; saved: PlanEntry[]; locked: ContractView['milestones'] }

/** Editor rows for plan entries; an entry without an id (a new milestone) gets a `prefix-index` key. */
function toRows(entries: readonly PlanEntry[], saved: readonly PlanEntry[], prefix: string): DraftRow[] {
  const savedDue = new Map(saved.map((s) => [s.id, s.dueDate ?? null]))
  return entries.map((e, i) => ({
    key: e.id ?? `${prefix}-${i}`,
    id: e.id,
    title: e.title,
    description: e.description ?? '',
    amountCents: e.amountCents,
    dueDate: e.dueDate ?? null,
    savedDueDate: (e.id && savedDue.get(e.id)) || null,
  }))
}

/** The plan input a draft sends: the rows in order, each with its id when it is a saved milestone. */
function entriesOf(rows: readonly DraftRow[]): PlanEntry[] {
  return rows.map((r) => ({ ...(r.id ? { id: r.id } : {}), title: r.title, description: r.description, amountCents: r.amountCents, dueDate: r.dueDate }))
}

/** Moves focus to the element with `id` once React has drawn the change that brings it. */
function focusSoon(id: string) {
  requestAnimationFrame(() => document.getElementById(id)?.focus())
}

const ADD_BUTTON_ID = 'add-milestone'

const baseOf = (contract: ContractView): Base => ({
  version: contract.planVersion,
  locked: contract.milestones.filter((m) => m.state !== 'UPCOMING'),
  saved: contract.milestones
    .filter((m) => m.state === 'UPCOMING')
    .map((m) => ({ id: m.id, title: m.title, description: m.description, amountCents: m.amountCents, dueDate: m.dueDate })),
})

/**
 * Manage milestones: the upcoming plan as a draft the user edits (✎, 🗑, Add milestone, drag or
 * keyboard re-order), previews against the saved plan (Show changes) and sends in one request.
 */
export function PlanEditor({ contract, mode, draft, startAdding = false, onCancel }: Props) {
  const router = useRouter()
  const id = useId()
  const [base, setBase] = useState(() => baseOf(contract))
  const nextKey = useRef(0)
  const [rows, setRows] = useState<DraftRow[]>(() => toRows(draft ?? base.saved, base.saved, 'draft'))
  const [editing, setEditing] = useState<string | null>(null)
  const [adding, setAdding] = useState(startAdding)
  const [showChanges, setShowChanges] = useState(false)
  const [message, setMessage] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [stale, setStale] = useState<Stale | null>(null)
  const [status, setStatus] = useState('')
  // The footer's "Saved." note belongs to the rows it was written for; any edit after it hides it.
  const [savedNote, setSavedNote] = useState<{ text: string; rows: DraftRow[] } | null>(null)
  // What "unsaved" is measured against: the draft the editor opened with (a proposal, for Modify), then each save.
  const [start, setStart] = useState(rows)
  const inFlight = useRef(false)

  const entries = useMemo(() => entriesOf(rows), [rows])
  const changes = useMemo(() => diffPlan(base.saved, entries), [base.saved, entries])
  const edited = useMemo(() => new Set(changes.flatMap((c) => (c.kind === 'EDITED' ? [c.id] : []))), [changes])
  const moved = useMemo(() => new Set(changes.flatMap((c) => (c.kind === 'MOVED' ? [c.id] : []))), [changes])
  const keys = useMemo(() => rows.map((r) => r.key), [rows])
  const dirty = changes.length > 0
  const isUnsaved = useMemo(() => JSON.stringify(entriesOf(rows)) !== JSON.stringify(entriesOf(start)), [rows, start])
  const guard = useLeaveGuard(isUnsaved)
  const offset = base.locked.length
  const total = useMemo(() => rows.reduce((sum, r) => sum + r.amountCents, 0), [rows])

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 150, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )

  // Screen-reader announcements in the plan's words: titles and whole-plan positions.
  const rowsRef = useRef(rows)
  useEffect(() => {
    rowsRef.current = rows
  }, [rows])
  const lastOver = useRef<string | number | null>(null)
  const announcements = useMemo<Announcements>(() => {
    const title = (key: string | number) => rowsRef.current.find((r) => r.key === key)?.title ?? 'milestone'
    const at = (key: string | number) => offset + rowsRef.current.findIndex((r) => r.key === key) + 1
    const of = () => offset + rowsRef.current.length
    return {
      onDragStart: ({ active }) => {
        lastOver.current = active.id
        return `Picked up “${title(active.id)}”, at position ${at(active.id)} of ${of()}.`
      },
      // dnd-kit reports "over" at once on pick-up (over itself); only a real move is worth saying.
      onDragOver: ({ active, over }) => {
        if ((over?.id ?? null) === lastOver.current) return undefined
        lastOver.current = over?.id ?? null
        return over ? `“${title(active.id)}” moved to position ${at(over.id)} of ${of()}.` : `“${title(active.id)}” is not over a place in the list.`
      },
      onDragEnd: ({ active, over }) => (over ? `“${title(active.id)}” dropped at position ${at(over.id)} of ${of()}.` : `“${title(active.id)}” dropped.`),
      onDragCancel: ({ active }) => `Re-ordering cancelled. “${title(active.id)}” is back at position ${at(active.id)} of ${of()}.`,
    }
  }, [offset])

  const onDragEnd = useCallback(({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return
    setRows((current) => {
      const from = current.findIndex((r) => r.key === active.id)
      const to = current.findIndex((r) => r.key === over.id)
      return from < 0 || to < 0 ? current : arrayMove(current, from, to)
    })
  }, [])

  const onEdit = useCallback((key: string) => setEditing(key), [])
  const onCancelEdit = useCallback((key: string) => {
    setEditing(null)
    focusSoon(editButtonId(key))
  }, [])
  const onRemove = useCallback((key: string) => {
    const current = rowsRef.current
    const index = current.findIndex((r) => r.key === key)
    const row = current[index]
    if (row) setStatus(`Removed “${row.title}”. Save to keep the change.`)
    // Focus goes to the row that takes its place (or the one above), else to Add milestone.
    const neighbour = current[index + 1] ?? current[index - 1]
    focusSoon(neighbour ? editButtonId(neighbour.key) : ADD_BUTTON_ID)
    setRows((rows) => rows.filter((r) => r.key !== key))
  }, [])
  const onUpdate = useCallback((key: string, value: ValidMilestone) => {
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...value } : r)))
    setEditing(null)
    setStatus(`Updated “${value.title}”.`)
    focusSoon(editButtonId(key))
  }, [])

  function add(value: ValidMilestone) {
    setRows((current) => [...current, { key: `new-${nextKey.current++}`, ...value, savedDueDate: null }])
    setAdding(false)
    setStatus(`Added “${value.title}”. Save to keep the change.`)
    focusSoon(ADD_BUTTON_ID)
  }

  function cancelAdding() {
    setAdding(false)
    focusSoon(ADD_BUTTON_ID)
  }

  async function send() {
    if (mode.kind === 'propose' && message.trim() === '') {
      setError('Tell the client what you changed and why.')
      return
    }
    if (inFlight.current) return
    inFlight.current = true
    setPending(true)
    setError(null)
    const api = `/api/contracts/${contract.id}`
    const result =
      mode.kind === 'save'
        ? await callApi<ContractView>(`${api}/milestones`, { method: 'PUT', body: { baseVersion: base.version, milestones: entries } })
        : mode.kind === 'propose'
          ? await callApi<ContractView>(`${api}/change-requests`, { body: { baseVersion: base.version, milestones: entries, message: message.trim() } })
          : await callApi<ContractView>(`${api}/change-requests/${mode.requestId}/accept`, { body: { milestones: entries } })
    inFlight.current = false
    setPending(false)
    if (!result.ok) {
      if (result.error.code === 'STALE_PLAN_VERSION' && result.error.details) {
        const current = result.error.details as ContractView
        const next = baseOf(current)
        setStale({ contract: current, changes: diffPlan(base.saved, next.saved), offset: next.locked.length })
      } else setError(result.error.message)
      return
    }
    if (mode.kind === 'save') {
      const next = baseOf(result.data)
      const savedRows = toRows(next.saved, next.saved, 'saved')
      const text = `Saved. ${nameOf(result.data.expert)} gets an email with the changes.`
      setBase(next)
      setRows(savedRows)
      setStart(savedRows)
      setShowChanges(false)
      setStatus(text)
      setSavedNote({ text, rows: savedRows })
      // Save is disabled now (nothing unsaved): keep focus on the footer's note, not lost to the page.
      focusSoon(`${id}-footer-note`)
      router.refresh()
      return
    }
    guard.release()
    router.push(`/contracts/${contract.id}`)
    router.refresh()
  }

  function redoOnNewPlan() {
    if (!stale) return
    const next = baseOf(stale.contract)
    setRows(toRows(rebaseDraft(base.saved, entries, next.saved), next.saved, `rebased-${nextKey.current++}`))
    setBase(next)
    setStale(null)
    setShowChanges(true)
    setStatus('Your edits were redone on the new plan. Check the changes, then save again.')
  }

  function discardMine() {
    if (!stale) return
    const next = baseOf(stale.contract)
    const savedRows = toRows(next.saved, next.saved, 'saved')
    setBase(next)
    setRows(savedRows)
    setStart(savedRows)
    setStale(null)
    setStatus('Your edits were discarded. This is the current plan.')
  }

  const sendLabel = mode.kind === 'save' ? 'Save' : mode.kind === 'propose' ? 'Save and send for review' : 'Accept modified plan'
  const formOpen = editing !== null || adding

  function cancel() {
    if (isUnsaved && !guard.confirmLeave()) return
    guard.release()
    onCancel?.()
  }
  const workspace = `/contracts/${contract.id}`

  return (
    <div className="space-y-5">
      <p role="status" aria-live="polite" className="sr-only">
        {status}
      </p>
      {stale && <StaleNotice stale={stale} onRedo={redoOnNewPlan} onDiscard={discardMine} />}

      <section aria-labelledby={`${id}-plan`} className={`${cardClass} p-4 sm:p-5`}>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id={`${id}-plan`} className="text-base font-semibold text-slate-900">
            Milestones
          </h2>
          <p className="text-sm text-slate-600">
            {offset + rows.length} milestone{offset + rows.length === 1 ? '' : 's'} · upcoming total{' '}
            <span className="font-semibold tabular-nums text-slate-900">{formatCents(total as Cents)}</span>
          </p>
        </div>

        {base.locked.length > 0 && (
          <ol className="mt-4 space-y-2" aria-label="Funded and paid milestones (locked)">
            {base.locked.map((m, i) => (
              <LockedRow key={m.id} milestone={m} position={i + 1} />
            ))}
          </ol>
        )}

        <DndContext
          id={id}
          sensors={sensors}
          collisionDetection={closestCenter}
          onDragEnd={onDragEnd}
          accessibility={{
            announcements,
            screenReaderInstructions: {
              draggable:
                'To re-order a milestone, press Space or Enter on its re-order button, move it with the Up and Down arrow keys, then press Space or Enter to drop it, or Escape to cancel.',
            },
          }}
        >
          <SortableContext items={keys} strategy={verticalListSortingStrategy}>
            <ol className="mt-2 space-y-2" aria-label="Upcoming milestones">
              {rows.map((row, index) => (
                <SortableRow
                  key={row.key}
                  row={row}
                  position={offset + index + 1}
                  isEditing={editing === row.key}
                  change={row.id === undefined ? 'new' : edited.has(row.id) ? 'edited' : moved.has(row.id) ? 'moved' : null}
                  onEdit={onEdit}
                  onRemove={onRemove}
                  onUpdate={onUpdate}
                  onCancelEdit={onCancelEdit}
                />
              ))}
            </ol>
          </SortableContext>
        </DndContext>

        {rows.length === 0 && !adding && (
          <p className="mt-3 rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
            No upcoming milestones. Add one to plan the next part of the job.
          </p>
        )}

        <div className="mt-3">
          {adding ? (
            <div className="rounded-md border border-indigo-200 bg-indigo-50/50 p-3">
              <MilestoneForm heading="New milestone" submitLabel="Add" onSubmit={add} onCancel={cancelAdding} />
            </div>
          ) : (
            <button type="button" id={ADD_BUTTON_ID} className={buttonSecondary} onClick={() => setAdding(true)}>
              <span aria-hidden="true">+</span> Add milestone
            </button>
          )}
        </div>
      </section>

      <section aria-labelledby={`${id}-changes-heading`} hidden={!showChanges} id={`${id}-changes`} className={`${cardClass} p-4 sm:p-5`}>
        <h2 id={`${id}-changes-heading`} className="text-base font-semibold text-slate-900">
          Changes
        </h2>
        <p className="mt-1 text-sm text-slate-600">Your edits compared with the saved plan.</p>
        <div className="mt-3">{showChanges && <ChangesList changes={changes} offset={offset} empty="No changes yet: the plan matches the saved one." />}</div>
      </section>

      {mode.kind === 'propose' && (
        <div className={`${cardClass} p-4 sm:p-5`}>
          <label htmlFor={`${id}-message`} className={labelClass}>
            Message to {nameOf(contract.client)}
          </label>
          <textarea id={`${id}-message`} rows={2} maxLength={2000} className={`${inputClass} mt-1`} value={message} onChange={(e) => setMessage(e.target.value)} placeholder="What you changed and why" />
        </div>
      )}

      <div className="sticky bottom-0 z-20 -mx-4 border-t border-slate-200 bg-white/95 px-4 py-3 shadow-[0_-4px_12px_-6px_rgba(15,23,42,0.15)] backdrop-blur sm:mx-0 sm:rounded-lg sm:border sm:px-5">
        <ErrorMessage message={error} className="mb-3" />
        <div className="flex flex-wrap items-center gap-2">
          <p id={`${id}-footer-note`} tabIndex={-1} className="mr-auto text-sm text-slate-600 focus:outline-none">
            {formOpen ? (
              <span className="font-medium text-amber-800">Finish or cancel the open milestone form to save.</span>
            ) : dirty ? (
              <span className="font-medium text-amber-800">
                {changes.length} unsaved change{changes.length === 1 ? '' : 's'}
              </span>
            ) : savedNote?.rows === rows ? (
              <span className="text-emerald-800">{savedNote.text}</span>
            ) : (
              'No unsaved changes'
            )}
          </p>
          <button type="button" className={buttonSecondary} aria-expanded={showChanges} aria-controls={`${id}-changes`} onClick={() => setShowChanges((v) => !v)}>
            {showChanges ? 'Hide changes' : 'Show changes'}
          </button>
          {onCancel ? (
            <button type="button" className={buttonSecondary} onClick={cancel} disabled={pending}>
              Cancel
            </button>
          ) : (
            <Link href={workspace} className={buttonSecondary}>
              Back to workspace
            </Link>
          )}
          <button type="button" className={buttonPrimary} disabled={pending || formOpen || (!dirty && mode.kind !== 'modify')} onClick={() => void send()}>
            {pending ? 'Sending…' : sendLabel}
          </button>
        </div>
      </div>
    </div>
  )
}
