import type { ReactNode } from 'react'
import { PageShell } from '../components/page-shell'

/** R21: the operator pages share the header and the reader's locale with the contract pages. */
export default function OperatorLayout({ children }: { children: ReactNode }) {
  return <PageShell>{children}</PageShell>
}
