'use client'

import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useEffect, useState } from 'react'
import { postAuthForm } from '../signin/auth-client'

type Props = { email: string; name: string | null }

/** How often an open page re-reads the session, which rolls the 8-hour cookie forward. */
const KEEP_ALIVE_MS = 10 * 60 * 1000

/**
 * The signed-in user's name and the sign-out controls, for page headers. While the page is open
 * and visible it keeps the session alive, and it sends the user to sign-in as soon as the session
 * is gone (expired, or ended by "Sign out everywhere" on another device).
 */
export function AccountMenu({ email, name }: Props) {
  const [pending, setPending] = useState<'one' | 'all' | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const router = useRouter()

  useEffect(() => {
    let last = Date.now()
    async function refresh() {
      if (document.visibilityState !== 'visible' || Date.now() - last < KEEP_ALIVE_MS) return
      last = Date.now()
      const session = (await fetch('/api/auth/session', { cache: 'no-store' }).then((r) => r.json()).catch(() => null)) as { user?: unknown } | null
      if (session && !session.user) {
        router.replace(`/signin?${new URLSearchParams({ callbackUrl: window.location.pathname + window.location.search })}`)
      }
    }
    const timer = window.setInterval(refresh, KEEP_ALIVE_MS)
    document.addEventListener('visibilitychange', refresh)
    return () => {
      window.clearInterval(timer)
      document.removeEventListener('visibilitychange', refresh)
    }
  }, [router])

  function leave() {
    router.replace('/signin')
    router.refresh()
  }

  async function signOut() {
    setPending('one')
    setMessage(null)
    const result = await postAuthForm('/api/auth/signout', { callbackUrl: '/signin' })
    if (result.ok) return leave()
    setMessage(result.message)
    setPending(null)
  }

  async function signOutEverywhere() {
    setPending('all')
    setMessage(null)
    const response = await fetch('/api/auth/sign-out-everywhere', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    }).catch(() => null)
    if (response?.ok || response?.status === 401) {
      // This device's cookie is refused from now on; clear it too.
      await postAuthForm('/api/auth/signout', { callbackUrl: '/signin' })
      return leave()
    }
    setMessage('Could not sign out everywhere. Try again.')
    setPending(null)
  }

  const buttonClass =
    'rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-slate-900 disabled:opacity-60'

  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-sm text-slate-600" title={email}>
        {name ?? email}
      </span>
      <Link href="/settings/tokens" className={buttonClass}>
        Settings
      </Link>
      <button type="button" onClick={signOut} disabled={pending !== null} className={buttonClass}>
        {pending === 'one' ? 'Signing out…' : 'Sign out'}
      </button>
      <button
        type="button"
        onClick={signOutEverywhere}
        disabled={pending !== null}
        className={buttonClass}
        title="Ends every session on every device and revokes your API tokens"
        aria-describedby="sign-out-everywhere-hint"
      >
        {pending === 'all' ? 'Signing out…' : 'Sign out everywhere'}
      </button>
      <span id="sign-out-everywhere-hint" className="sr-only">
        Ends every session on every device and revokes your API tokens.
      </span>
      <p role="status" aria-live="polite" className={message ? 'w-full text-sm text-red-700' : 'sr-only'}>
        {message ?? ''}
      </p>
    </div>
  )
}
