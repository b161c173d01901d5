import Link from 'next/link'
import { buttonSecondary, cardClass, linkClass } from '../_components/ui'

/**
 * R24: the contract's evidence record. Plain links, not fetches: the API answers with an
 * attachment, so the browser saves the exact bytes the Digest header vouches for.
 */
export function RecordCard({ contractId }: { contractId: string }) {
  const href = (format: 'csv' | 'json') => `/api/contracts/${contractId}/export?format=${format}`
  return (
    <section aria-labelledby="record-heading" className={`${cardClass} p-5`}>
      <h2 id="record-heading" className="text-base font-semibold text-slate-900">
        Contract record
      </h2>
      <p className="mt-1 text-sm text-slate-600">Every event and payment, with times in UTC. You and the other party download the same file.</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <a href={href('csv')} download className={buttonSecondary}>
          Download CSV
        </a>
        <a href={href('json')} download className={buttonSecondary}>
          Download JSON
        </a>
      </div>
      <p className="mt-3 text-sm text-slate-600">
        {/* R20: every version of the plan, compared with Show changes. */}
        <Link href={`/contracts/${contractId}/history`} className={linkClass}>
          Plan history
        </Link>{' '}
        lists every version of the milestones and compares any two.
      </p>
    </section>
  )
}
