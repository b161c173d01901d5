import { headers } from 'next/headers'
import type { ReactNode } from 'react'
import { getActor, requirePageActor } from '@/server/auth/session'
import { isOperator } from '@/server/operators'
import { pickLocale } from '../lib/format'
import { AppHeader } from './app-header'
import { LocaleProvider } from './locale'

/**
 * Every signed-in page's frame (the contract, operator and settings pages): a skip link, the shared
 * header (with the Disputes link for operators, R21), the main landmark and the reader's locale.
 * `aside` sits beside the main landmark (above it on a phone); `signInReturnTo` sends a signed-out
 * visitor to sign in first, and back there after.
 */
export async function PageShell({ children, aside, signInReturnTo }: { children: ReactNode; aside?: ReactNode; signInReturnTo?: string }) {
  const [actor, requestHeaders] = await Promise.all([signInReturnTo ? requirePageActor(signInReturnTo) : getActor(), headers()])
  const locale = pickLocale(requestHeaders.get('accept-language'))
  const operator = actor ? await isOperator({ userId: actor.userId }) : false
  return (
    <LocaleProvider locale={locale}>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <AppHeader user={actor ? { email: actor.email, name: actor.name } : null} operator={operator} />
      {aside ? (
        <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 sm:px-6 sm:py-8 md:flex-row">
          {aside}
          <main id="main" className="min-w-0 flex-1">
            {children}
          </main>
        </div>
      ) : (
        <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
          {children}
        </main>
      )}
    </LocaleProvider>
  )
}
