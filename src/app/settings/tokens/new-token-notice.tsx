'use client'

import { useEffect, useRef, useState } from 'react'
import { buttonPrimary, buttonSecondary, inputClass } from '../../contracts/_components/ui'
import type { CreatedToken } from './types'

/**
 * The new token, shown this once: focus moves to the heading so a screen reader reads the warning
 * first; the token sits in a read-only field (selectable by hand) with a Copy button.
 */
export function NewTokenNotice({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null)
  const field = useRef<HTMLInputElement>(null)
  const [copied, setCopied] = useState<string | null>(null)

  useEffect(() => heading.current?.focus(), [])

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.token)
      setCopied('Copied. Paste it where your script keeps its secrets.')
    } catch {
      field.current?.select()
      setCopied('Copying did not work here: the token is selected, copy it with your keyboard.')
    }
  }

  return (
    <section aria-labelledby="created-token-heading" className="rounded-lg border border-emerald-300 bg-emerald-50 p-5">
      <h2 id="created-token-heading" ref={heading} tabIndex={-1} className="text-base font-semibold text-slate-900 focus:outline-none">
        Copy your new token now
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        You won’t see it again: Tranche keeps only a fingerprint of it. If you lose it, revoke it and create another.
      </p>
      <label htmlFor="created-token" className="mt-3 block text-sm font-medium text-slate-800">
        Token “{created.name}” ({created.scope === 'write' ? 'read and write' : 'read-only'})
      </label>
      <div className="mt-1 flex flex-col gap-2 sm:flex-row">
        <input
          id="created-token"
          ref={field}
          readOnly
          value={created.token}
          onFocus={(e) => e.target.select()}
          className={`${inputClass} font-mono text-xs`}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="button" className={`${buttonPrimary} shrink-0 whitespace-nowrap`} onClick={() => void copy()}>
          Copy token
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
