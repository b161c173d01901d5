import type { Metadata } from 'next'
import { connection } from 'next/server'
import type { ReactNode } from 'react'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Tranche', template: '%s · Tranche' },
  description: 'Fixed-rate contracts split into milestones, funded one at a time into escrow.',
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so each carries its response's CSP nonce (src/proxy.ts):
  // a page prerendered at build time would have scripts without one, and the browser would block them.
  await connection()
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  )
}
