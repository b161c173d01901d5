import type { Metadata } from 'next'
import { requirePageActor } from '@/server/auth/session'
import { NewContractForm } from './new-contract-form'
import { Breadcrumb } from '../_components/breadcrumb'

export const metadata: Metadata = { title: 'New contract' }

export default async function NewContractPage() {
  await requirePageActor('/contracts/new')
  return (
    <div className="mx-auto max-w-3xl">
      <Breadcrumb trail={[{ href: '/contracts', label: 'Contracts' }]} current="New contract" />
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">New contract</h1>
      <p className="mt-1 text-sm text-slate-600">
        A fixed-rate job, split into milestones. You fund one milestone at a time into escrow and release payment when the
        work is approved. You can add or change upcoming milestones later.
      </p>
      <NewContractForm />
    </div>
  )
}
