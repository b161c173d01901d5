'use client'

import { useEffect, useRef, useState } from 'react'
import { buttonPrimary, buttonSecondary, inputClass } from '../contracts/_components/ui'

export type ShownOnceProps = {
  /** What the heading says ("Copy your new token now"). */
  title: string
  /** Why it is shown once, and what to do if it is lost. */
  note: string
  /** The field's label. */
  label: string
  value: string
  /** "Copy token", "Copy secret". */
  copyLabel: string
  /** Said after a successful copy. */
  copiedText: string
  /** What the value is called in the fallback message ("the token is selected"). */
  noun: string
  onDone: () => void
}

/**
 * A credential shown this once (an API token, a webhook secret): focus moves to the heading so a
 * screen reader reads the warning first; the value sits in a read-only field (selectable by hand)
 * with a Copy button.
 */
export function ShownOnce({ title, note, label, value, copyLabel, copiedText, noun, onDone }: ShownOnceProps) {
  const heading = useRef<HTMLHeadingElement>(null)
  const field = useRef<HTMLInputElement>(null)
  const [copied, setCopied] = useState<string | null>(null)

  useEffect(() => heading.current?.focus(), [])

  async function copy() {
    try {
      await navigator.clipboard.writeText(value)
      setCopied(copiedText)
    } catch {
      field.current?.select()
      setCopied(`Copying did not work here: the ${noun} is selected, copy it with your keyboard.`)
    }
  }

  return (
    <section aria-labelledby="shown-once-heading" className="rounded-lg border border-emerald-300 bg-emerald-50 p-5">
      <h2 id="shown-once-heading" ref={heading} tabIndex={-1} className="text-base font-semibold text-slate-900 focus:outline-none">
        {title}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{note}</p>
      <label htmlFor="shown-once-value" className="mt-3 block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1 flex flex-col gap-2 sm:flex-row">
        <input
          id="shown-once-value"
          ref={field}
          readOnly
          value={value}
          onFocus={(e) => e.target.select()}
          className={`${inputClass} font-mono text-xs`}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="button" className={`${buttonPrimary} shrink-0 whitespace-nowrap`} onClick={() => void copy()}>
          {copyLabel}
        </button>
      </div>
      <p role="status" aria-live="polite" className={copied ? 'mt-2 text-sm text-slate-700' : 'sr-only'}>
        {copied ?? ''}
      </p>
      <button type="button" className={`${buttonSecondary} mt-4`} onClick={onDone}>
        Done, I have copied it
      </button>
    </section>
  )
}
