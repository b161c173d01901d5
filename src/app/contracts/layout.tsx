import type { ReactNode } from 'react'
import { PageShell } from '../components/page-shell'

/** Every contract page: the shared header, and the reader's locale for dates. */
export default function ContractsLayout({ children }: { children: ReactNode }) {
  return <PageShell>{children}</PageShell>
}
