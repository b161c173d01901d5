import Link from 'next/link'
import { ErrorMessage } from './error-message'
import { buttonPrimary, buttonSecondary } from './ui'

type Props = {
  /** What the note says: an open form, the unsaved changes, the last save, or nothing to save. */
  note: { kind: 'form-open' } | { kind: 'unsaved'; count: number } | { kind: 'saved'; text: string } | { kind: 'clean' }
  noteId: string
  error: string | null
  showChanges: boolean
  changesId: string
  onToggleChanges: () => void
  /** Cancel (inside Modify) or, without it, a link back to the workspace. */
  onCancel?: () => void
  workspaceHref: string
  sendLabel: string
  canSend: boolean
  pending: boolean
  onSend: () => void
}

/** The editor's sticky footer: what is unsaved, Show/Hide changes, and Save. */
export function EditorFooter({ note, noteId, error, showChanges, changesId, onToggleChanges, onCancel, workspaceHref, sendLabel, canSend, pending, onSend }: Props) {
  return (
    <div className="sticky bottom-0 z-20 -mx-4 border-t border-slate-200 bg-white/95 px-4 py-3 shadow-[0_-4px_12px_-6px_rgba(15,23,42,0.15)] backdrop-blur sm:mx-0 sm:rounded-lg sm:border sm:px-5">
      <ErrorMessage message={error} className="mb-3" />
      <div className="flex flex-wrap items-center gap-2">
        <p id={noteId} tabIndex={-1} className="mr-auto text-sm text-slate-600 focus:outline-none">
          {note.kind === 'form-open' ? (
            <span className="font-medium text-amber-800">Finish or cancel the open milestone form to save.</span>
          ) : note.kind === 'unsaved' ? (
            <span className="font-medium text-amber-800">
              {note.count} unsaved change{note.count === 1 ? '' : 's'}
            </span>
          ) : note.kind === 'saved' ? (
            <span className="text-emerald-800">{note.text}</span>
          ) : (
            'No unsaved changes'
          )}
        </p>
        <button type="button" className={buttonSecondary} aria-expanded={showChanges} aria-controls={changesId} onClick={onToggleChanges}>
          {showChanges ? 'Hide changes' : 'Show changes'}
        </button>
        {onCancel ? (
          <button type="button" className={buttonSecondary} onClick={onCancel} disabled={pending}>
            Cancel
          </button>
        ) : (
          <Link href={workspaceHref} className={buttonSecondary}>
            Back to workspace
          </Link>
        )}
        <button type="button" className={buttonPrimary} disabled={pending || !canSend} onClick={onSend}>
          {pending ? 'Sending…' : sendLabel}
        </button>
      </div>
    </div>
  )
}
