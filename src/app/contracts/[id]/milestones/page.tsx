import type { Metadata } from 'next'
import Link from 'next/link'
import { PlanEditor } from '../../_components/plan-editor'
import { nameOf, requestParties } from '../../_components/types'
import { buttonPrimary, buttonSecondary, cardClass } from '../../_components/ui'
import { loadContract } from '../load-contract'
import { Breadcrumb } from '../../_components/breadcrumb'

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }

export const metadata: Metadata = { title: 'Manage milestones' }

export default async function ManageMilestonesPage({ params, searchParams }: Props) {
  const { id } = await params
  const { add } = await searchParams
  const { contract } = await loadContract(id, `/contracts/${id}/milestones`)
  const isClient = contract.role === 'CLIENT'
  const parties = requestParties(contract)
  const workspace = `/contracts/${contract.id}`

  let body: React.ReactNode
  if (contract.status === 'CLOSED') {
    body = <Notice title="This contract is closed">A closed contract is read-only: its milestones can no longer change.</Notice>
  } else if (parties && !parties.mine) {
    body = (
      <Notice title={`${parties.authorName} ${parties.isCounter ? 'countered with' : 'proposed'} changes to the milestones`} action={<Link href={`${workspace}/review`} className={buttonPrimary}>Review updates</Link>}>
        The milestones can change again after you accept, decline or counter the proposed updates.
      </Notice>
    )
  } else if (parties) {
    body = (
      <Notice title={`Your proposed changes wait for ${parties.answererName}`} action={<Link href={`${workspace}/review`} className={buttonSecondary}>See your request</Link>}>
        While a request is pending you cannot send another. You can withdraw it and send a new one.
      </Notice>
    )
  } else {
    body = <PlanEditor contract={contract} mode={isClient ? { kind: 'save' } : { kind: 'propose' }} startAdding={add === '1'} />
  }

  return (
    <div className="mx-auto max-w-3xl space-y-5 pb-8">
      <div>
        <Breadcrumb trail={[{ href: '/contracts', label: 'Contracts' }, { href: workspace, label: contract.title }]} current="Manage milestones" />
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Manage milestones</h1>
        <p className="mt-1 text-sm text-slate-600">
          {isClient
            ? `Add, edit, remove or re-order upcoming milestones, then Save. ${nameOf(contract.expert)} gets an email with the changes. Funded and paid milestones are locked.`
            : `Suggest changes to the upcoming milestones. ${nameOf(contract.client)} reviews them and accepts, declines or modifies them. Funded and paid milestones are locked.`}
        </p>
      </div>
      {body}
    </div>
  )
}

function Notice({ title, children, action }: { title: string; children: React.ReactNode; action?: React.ReactNode }) {
  return (
    <section className={`${cardClass} p-5`} aria-labelledby="notice-heading">
      <h2 id="notice-heading" className="font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{children}</p>
      {action && <div className="mt-4">{action}</div>}
    </section>
  )
}
