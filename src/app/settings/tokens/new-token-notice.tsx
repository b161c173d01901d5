'use client'

import { ShownOnce } from '../shown-once'
import type { CreatedToken } from './types'

/** The new token, shown this once. */
export function NewTokenNotice({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  return (
    <ShownOnce
      title="Copy your new token now"
      note="You won’t see it again: Tranche keeps only a fingerprint of it. If you lose it, revoke it and create another."
      label={`Token “${created.name}” (${created.scope === 'write' ? 'read and write' : 'read-only'})`}
      value={created.token}
      copyLabel="Copy token"
      copiedText="Copied. Paste it where your script keeps its secrets."
      noun="token"
      onDone={onDone}
    />
  )
}
