import { headers } from 'next/headers'
import type { ReactNode } from 'react'
import { requirePageActor } from '@/server/auth/session'
import { AppHeader } from '../components/app-header'
import { LocaleProvider } from '../components/locale'
import { pickLocale } from '../lib/format'
import { SettingsNav } from './settings-nav'

/** Every settings page: the shared header, and the settings navigation beside (on a phone, above) the page. */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const [actor, requestHeaders] = await Promise.all([requirePageActor('/settings/tokens'), headers()])
  const locale = pickLocale(requestHeaders.get('accept-language'))
  return (
    <LocaleProvider locale={locale}>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <AppHeader user={{ email: actor.email, name: actor.name }} />
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 sm:px-6 sm:py-8 md:flex-row">
        <SettingsNav />
        <main id="main" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </LocaleProvider>
  )
}
