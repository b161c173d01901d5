import type { ReactNode } from 'react'
import { PageShell } from '../components/page-shell'
import { SettingsNav } from './settings-nav'

/**
 * Every settings page: the shared frame, and the settings navigation beside (on a phone, above) the
 * page. Each page sends a signed-out visitor to sign in and back to itself: a layout does not know
 * which page it frames.
 */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <PageShell aside={<SettingsNav />}>
      {children}
    </PageShell>
  )
}
