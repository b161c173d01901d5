'use client'

import { useEffect, useRef, useState } from 'react'
import { callApi } from '../../lib/api-client'
import { Timestamp } from '../../components/locale'
import { buttonDanger, buttonSecondary, cardClass } from '../../contracts/_components/ui'
import type { TokenItem } from './types'

/** "Your tokens": each with its access, dates and last use, and Revoke behind a confirmation. */
export function TokenList({ tokens, now, onRevoked }: { tokens: TokenItem[]; now: string; onRevoked: (token: TokenItem) => void }) {
  return (
    <section aria-labelledby="tokens-heading" className={`${cardClass} p-5`}>
      <h2 id="tokens-heading" className="text-base font-semibold text-slate-900">
        Your tokens
      </h2>
      {tokens.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No tokens yet. A token you create appears here, with when it was last used.</p>
      ) : (
        <ul aria-labelledby="tokens-heading" className="mt-3 divide-y divide-slate-200">
          {tokens.map((token) => (
            <TokenRow key={token.id} token={token} expired={token.expiresAt <= now} onRevoked={onRevoked} />
          ))}
        </ul>
      )}
    </section>
  )
}

function TokenRow({ token, expired, onRevoked }: { token: TokenItem; expired: boolean; onRevoked: (token: TokenItem) => void }) {
  const [confirming, setConfirming] = useState(false)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const confirmButton = useRef<HTMLButtonElement>(null)
  const revokeButton = useRef<HTMLButtonElement>(null)
  const wasConfirming = useRef(false)

  // Focus follows the question: to "Revoke token" when it opens, back to "Revoke" when cancelled.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus()
    else if (wasConfirming.current) revokeButton.current?.focus()
    wasConfirming.current = confirming
  }, [confirming])

  async function revoke() {
    setPending(true)
    setError(null)
    const result = await callApi<null>(`/api/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' })
    setPending(false)
    if (result.ok || result.status === 404) return onRevoked(token)
    setError(result.error.message)
  }

  return (
    <li className="py-3" aria-label={token.name}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="break-words font-medium text-slate-900">
            {token.name}{' '}
            <span className="ml-1 inline-block rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
              {token.scope === 'write' ? 'Read and write' : 'Read-only'}
            </span>
            {expired && <span className="ml-1 inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">Expired</span>}
          </p>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm text-slate-600">
            <dt>Last used</dt>
            <dd>{token.lastUsedAt ? <Timestamp at={token.lastUsedAt} /> : 'Never'}</dd>
            <dt>{expired ? 'Expired' : 'Expires'}</dt>
            <dd>
              <Timestamp at={token.expiresAt} />
            </dd>
            <dt>Created</dt>
            <dd>
              <Timestamp at={token.createdAt} />
            </dd>
          </dl>
        </div>
        {!confirming && (
          <button ref={revokeButton} type="button" className={buttonSecondary} onClick={() => setConfirming(true)} aria-label={`Revoke “${token.name}”`}>
            Revoke
          </button>
        )}
      </div>
      {confirming && (
        <div role="group" aria-label={`Revoke “${token.name}”?`} className="mt-3 rounded-md border border-red-200 bg-red-50 p-3">
          <p className="text-sm text-slate-800">Revoke “{token.name}”? Scripts using it stop working at once. This cannot be undone.</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button ref={confirmButton} type="button" className={buttonDanger} disabled={pending} onClick={() => void revoke()}>
              {pending ? 'Revoking…' : 'Revoke token'}
            </button>
            <button type="button" className={buttonSecondary} disabled={pending} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
          {error && (
            <p role="alert" className="mt-2 text-sm text-red-700">
              {error}
            </p>
          )}
        </div>
      )}
    </li>
  )
}
