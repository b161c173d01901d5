import type { Metadata } from 'next'
import Link from 'next/link'
import { Timestamp } from '../../../components/locale'
import { requestParties } from '../../_components/types'
import { buttonSecondary, cardClass } from '../../_components/ui'
import { loadContract } from '../load-contract'
import { ReviewUpdates } from './review-updates'
import { Breadcrumb } from '../../_components/breadcrumb'

type Props = { params: Promise<{ id: string }> }

export const metadata: Metadata = { title: 'Review updates' }

export default async function ReviewUpdatesPage({ params }: Props) {
  const { id } = await params
  const { contract } = await loadContract(id, `/contracts/${id}/review`)
  const request = contract.changeRequest
  const parties = requestParties(contract)
  const workspace = `/contracts/${contract.id}`
  return (
    <div className="mx-auto max-w-3xl space-y-5 pb-8">
      <div>
        <Breadcrumb trail={[{ href: '/contracts', label: 'Contracts' }, { href: workspace, label: contract.title }]} current="Review updates" />
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Review updates</h1>
        {request && parties && (
          <p className="mt-1 text-sm text-slate-600">
            {parties.mine ? 'You' : parties.authorName} {parties.isCounter ? 'countered with' : 'proposed'} these changes to the upcoming milestones on{' '}
            <Timestamp at={request.createdAt} />.
          </p>
        )}
      </div>
      {request ? (
        <ReviewUpdates contract={contract} />
      ) : (
        <section className={`${cardClass} p-5`} aria-labelledby="none-heading">
          <h2 id="none-heading" className="font-semibold text-slate-900">
            No updates to review
          </h2>
          <p className="mt-1 text-sm text-slate-600">There is no pending change request on this contract. It was accepted, declined, withdrawn or expired.</p>
          <Link href={workspace} className={`${buttonSecondary} mt-4`}>
            Back to workspace
          </Link>
        </section>
      )}
    </div>
  )
}
