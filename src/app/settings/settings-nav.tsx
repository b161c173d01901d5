'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'

/** The settings pages. */
const PAGES = [
  { href: '/settings/tokens', label: 'API tokens' },
  { href: '/settings/webhooks', label: 'Webhooks' },
]

/** The settings navigation: the current page is marked for screen readers (aria-current) and by colour. */
export function SettingsNav() {
  const pathname = usePathname()
  return (
    <nav aria-label="Settings" className="md:w-48 md:shrink-0">
      <h2 className="px-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Settings</h2>
      <ul className="mt-2 flex flex-wrap gap-1 md:flex-col">
        {PAGES.map((page) => {
          const current = pathname === page.href
          return (
            <li key={page.href}>
              <Link
                href={page.href}
                aria-current={current ? 'page' : undefined}
                className={`block rounded-md px-2 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 ${
                  current ? 'bg-indigo-50 text-indigo-800' : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900'
                }`}
              >
                {page.label}
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
