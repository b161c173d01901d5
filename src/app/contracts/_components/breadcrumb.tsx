import Link from 'next/link'
import { Fragment } from 'react'
import { linkClass } from './ui'

type Crumb = { href: string; label: string }

/** "Contracts / <contract> / <page>": the links above a page's heading, the last one the page itself. */
export function Breadcrumb({ trail, current }: { trail: Crumb[]; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
      {trail.map((crumb) => (
        <Fragment key={crumb.href}>
          <Link href={crumb.href} className={linkClass}>
            {crumb.label}
          </Link>
          <span aria-hidden="true"> / </span>
        </Fragment>
      ))}
      <span>{current}</span>
    </nav>
  )
}
