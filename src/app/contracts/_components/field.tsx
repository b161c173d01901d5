'use client'

import { useId, type ReactNode } from 'react'
import { fieldErrorClass, labelClass } from './ui'

export type FieldProps = { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }

/** A labelled field with an optional hint and an inline error, wired up for screen readers. */
export function Field({ label, error, hint, children }: { label: string; error?: string; hint?: string; children: (props: FieldProps) => ReactNode }) {
  const id = useId()
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <div className="mt-1">{children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}</div>
      {error ? (
        <p id={`${id}-error`} className={fieldErrorClass}>
          {error}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
            {hint}
          </p>
        )
      )}
    </div>
  )
}
