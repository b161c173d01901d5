'use client'

import { useRouter } from 'next/navigation'
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react'
import { formatCents, type Cents } from '@/domain/money'
import { diffPlan } from '@/domain/plan-diff'
import type { PlanEntry } from '@/domain/types'
import { callApi } from '../../lib/api-client'
import { ChangesList } from './changes-list'
import { EditorFooter } from './editor-footer'
import { LockedRow } from './locked-row'
import { MilestoneForm } from './milestone-form'
import type { ValidMilestone } from './milestone-rules'
import { rebaseDraft } from './rebase'
import { editButtonId, type DraftRow } from './sortable-row'
import { UpcomingList } from './upcoming-list'
import { StaleNotice, type Stale } from './stale-notice'
import { nameOf, type ContractView } from './types'
import { buttonSecondary, cardClass, inputClass, labelClass } from './ui'
import { useLeaveGuard } from './use-leave-guard'

/**
 * save: the client's Save; propose: the expert's change request; modify: the client accepts a
 * modified request; counter: either party answers the pending request with their own plan (R18).
 */
export type EditorMode = { kind: 'save' } | { kind: 'propose' } | { kind: 'modify'; requestId: string } | { kind: 'counter'; requestId: string }

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
  const changeOf = useCallback(
    (row: DraftRow) => (row.id === undefined ? 'new' : edited.has(row.id) ? 'edited' : moved.has(row.id) ? 'moved' : null),
    [edited, moved],
  )
  const dirty = changes.length > 0
  const startJson = useMemo(() => JSON.stringify(entriesOf(start)), [start])
  const isUnsaved = useMemo(() => JSON.stringify(entries) !== startJson, [entries, startJson])
  const guard = useLeaveGuard(isUnsaved)
  const offset = base.locked.length
  const total = useMemo(() => rows.reduce((sum, r) => sum + r.amountCents, 0), [rows])

  const rowsRef = useRef(rows)
  useEffect(() => {
    rowsRef.current = rows
  }, [rows])

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

  const other = contract.role === 'CLIENT' ? contract.expert : contract.client
  const withMessage = mode.kind === 'propose' || mode.kind === 'counter'

  async function send() {
    if (withMessage && message.trim() === '') {
      setError(`Tell ${nameOf(other)} what you changed and why.`)
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
          : mode.kind === 'counter'
            ? await callApi<ContractView>(`${api}/change-requests/${mode.requestId}/counter`, { body: { baseVersion: base.version, milestones: entries, message: message.trim() } })
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

  const sendLabel = { save: 'Save', propose: 'Save and send for review', modify: 'Accept modified plan', counter: 'Send counter-proposal' }[mode.kind]
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

        <UpcomingList
          rows={rows}
          offset={offset}
          editing={editing}
          changeOf={changeOf}
          onReorder={setRows}
          onEdit={onEdit}
          onRemove={onRemove}
          onUpdate={onUpdate}
          onCancelEdit={onCancelEdit}
        />

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

      {withMessage && (
        <div className={`${cardClass} p-4 sm:p-5`}>
          <label htmlFor={`${id}-message`} className={labelClass}>
            Message to {nameOf(other)}
          </label>
          <textarea id={`${id}-message`} rows={2} maxLength={2000} className={`${inputClass} mt-1`} value={message} onChange={(e) => setMessage(e.target.value)} placeholder="What you changed and why" />
        </div>
      )}

      <EditorFooter
        note={formOpen ? { kind: 'form-open' } : dirty ? { kind: 'unsaved', count: changes.length } : savedNote?.rows === rows ? { kind: 'saved', text: savedNote.text } : { kind: 'clean' }}
        noteId={`${id}-footer-note`}
        error={error}
        showChanges={showChanges}
        changesId={`${id}-changes`}
        onToggleChanges={() => setShowChanges((v) => !v)}
        onCancel={onCancel ? cancel : undefined}
        workspaceHref={workspace}
        sendLabel={sendLabel}
        canSend={!formOpen && (dirty || mode.kind === 'modify')}
        pending={pending}
        onSend={() => void send()}
      />
    </div>
  )
}
