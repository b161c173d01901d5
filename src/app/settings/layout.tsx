import type { ReactNode } from 'react'
import { PageShell } from '../components/page-shell'
import { SettingsNav } from './settings-nav'

/** Every settings page: the shared frame, and the settings navigation beside (on a phone, above) the page. */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <PageShell aside={<SettingsNav />} signInReturnTo="/settings/tokens">
      {children}
    </PageShell>
  )
}
