import { headers } from 'next/headers'
import type { ReactNode } from 'react'
import { getActor } from '@/server/auth/session'
import { isOperator } from '@/server/operators'
import { pickLocale } from '../lib/format'
import { AppHeader } from './app-header'
import { LocaleProvider } from './locale'

/**
 * Every signed-in page's frame (the contract pages, the operator pages): a skip link, the shared
 * header (with the Disputes link for operators, R21), the main landmark and the reader's locale.
 */
export async function PageShell({ children }: { children: ReactNode }) {
  const [actor, requestHeaders] = await Promise.all([getActor(), headers()])
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
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
        {children}
      </main>
    </LocaleProvider>
  )
}
