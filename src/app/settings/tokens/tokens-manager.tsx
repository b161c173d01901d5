'use client'

import { useState } from 'react'
import { NewTokenForm } from './new-token-form'
import { NewTokenNotice } from './new-token-notice'
import { TokenList } from './token-list'
import type { CreatedToken, TokenItem } from './types'

/** The tokens page's state: the list, and the token just made (shown until the user is done with it). */
export function TokensManager({ initialTokens, now }: { initialTokens: TokenItem[]; now: string }) {
  const [tokens, setTokens] = useState(initialTokens)
  const [created, setCreated] = useState<CreatedToken | null>(null)
  const [announcement, setAnnouncement] = useState('')

  function onCreated(next: CreatedToken) {
    const { token: _shownOnce, ...item } = next
    setTokens((current) => [{ ...item, lastUsedAt: null }, ...current])
    setCreated(next)
  }

  function onRevoked(token: TokenItem) {
    setTokens((current) => current.filter((t) => t.id !== token.id))
    if (created?.id === token.id) setCreated(null)
    setAnnouncement(`“${token.name}” is revoked. Requests with it are refused from now on.`)
  }

  return (
    <div className="mt-6 space-y-6">
      {created ? <NewTokenNotice created={created} onDone={() => setCreated(null)} /> : <NewTokenForm onCreated={onCreated} />}
      <TokenList tokens={tokens} now={now} onRevoked={onRevoked} />
      <p role="status" aria-live="polite" className={announcement ? 'text-sm text-slate-700' : 'sr-only'}>
        {announcement}
      </p>
      <p className="text-sm text-slate-600">
        <strong className="font-medium text-slate-800">Sign out everywhere</strong> also revokes every token: use it if you think
        your account or a token was exposed.
      </p>
    </div>
  )
}
