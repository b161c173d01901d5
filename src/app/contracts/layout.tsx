import { headers } from 'next/headers'
import type { ReactNode } from 'react'
import { getActor } from '@/server/auth/session'
import { AppHeader } from '../components/app-header'
import { LocaleProvider } from '../components/locale'
import { pickLocale } from '../lib/format'

/** Every contract page: the shared header, and the reader's locale for dates. */
export default async function ContractsLayout({ children }: { children: ReactNode }) {
  const [actor, requestHeaders] = await Promise.all([getActor(), headers()])
  const locale = pickLocale(requestHeaders.get('accept-language'))
  return (
    <LocaleProvider locale={locale}>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <AppHeader user={actor ? { email: actor.email, name: actor.name } : null} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
        {children}
      </main>
    </LocaleProvider>
  )
}
