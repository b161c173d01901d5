'use client'

import { useState, type FormEvent } from 'react'
import { postAuthForm } from './auth-client'

type Props = { callbackPath: string; demoAccounts: readonly string[] }

export function SignInForm({ callbackPath, demoAccounts }: Props) {
  const [email, setEmail] = useState('')
  const [pending, setPending] = useState<string | null>(null)
  const [message, setMessage] = useState<string | null>(null)

  async function run(key: string, path: string, fields: Record<string, string>) {
    setPending(key)
    setMessage(null)
    const result = await postAuthForm(path, { ...fields, callbackUrl: callbackPath })
    if (result.ok) {
      window.location.assign(result.url)
      return
    }
    setMessage(result.message)
    setPending(null)
  }

  function requestLink(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    void run('email', '/api/auth/signin/email', { email })
  }

  return (
    <div className="space-y-8">
      <form onSubmit={requestLink} className="space-y-4" aria-describedby="signin-help">
        <div>
          <label htmlFor="email" className="block text-sm font-medium text-slate-800">
            Email
          </label>
          <input
            id="email"
            name="email"
            type="email"
            required
            autoComplete="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-slate-900 shadow-sm focus:border-slate-900 focus:outline-none focus:ring-2 focus:ring-slate-900"
          />
          <p id="signin-help" className="mt-1 text-sm text-slate-600">
            We email you a link that signs you in. It works once, for 10 minutes.
          </p>
        </div>
        <button
          type="submit"
          disabled={pending !== null}
          className="w-full rounded-md bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-slate-900 focus-visible:ring-offset-2 disabled:opacity-60"
        >
          {pending === 'email' ? 'Sending…' : 'Email me a sign-in link'}
        </button>
      </form>

      <p role="status" aria-live="polite" className={message ? 'rounded-md bg-red-50 px-3 py-2 text-sm text-red-800' : 'sr-only'}>
        {message ?? ''}
      </p>

      {demoAccounts.length > 0 && (
        <section aria-labelledby="demo-heading" className="border-t border-slate-200 pt-6">
          <h2 id="demo-heading" className="text-sm font-semibold text-slate-800">
            Demo accounts
          </h2>
          <p className="mt-1 text-sm text-slate-600">Demo mode is on: sign in with one click, no email needed.</p>
          <ul className="mt-3 space-y-2">
            {demoAccounts.map((account) => (
              <li key={account}>
                <button
                  type="button"
                  disabled={pending !== null}
                  onClick={() => void run(account, '/api/auth/callback/demo', { email: account })}
                  className="w-full rounded-md border border-slate-300 px-4 py-2 text-left text-slate-900 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-slate-900 disabled:opacity-60"
                >
                  {pending === account ? 'Signing in…' : `Sign in as ${account}`}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}
