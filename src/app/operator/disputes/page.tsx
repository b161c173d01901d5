import type { Metadata } from 'next'
import Link from 'next/link'
import { formatCents, type Cents } from '@/domain/money'
import { listEscalatedDisputes } from '@/server/disputes/list-escalated-disputes'
import { Timestamp } from '../../components/locale'
import { nameOf } from '../../contracts/_components/types'
import { cardClass, linkClass } from '../../contracts/_components/ui'
import { requirePageOperator } from '../load-operator'

export const metadata: Metadata = { title: 'Escalated disputes' }

/** R21: the disputes waiting for an operator's decision, the longest-waiting first. */
export default async function EscalatedDisputesPage() {
  const actor = await requirePageOperator('/operator/disputes')
  const { disputes } = await listEscalatedDisputes({ actor: { userId: actor.userId } })
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Escalated disputes</h1>
        <p className="mt-1 text-sm text-slate-600">
          Disputes the parties could not settle, oldest escalation first. Read both statements and every offer, then decide how the milestone’s escrow is divided.
        </p>
      </div>
      {disputes.length === 0 ? (
        <p className={`${cardClass} p-5 text-sm text-slate-600`}>No dispute waits for a decision.</p>
      ) : (
        <ul className={`${cardClass} divide-y divide-slate-200`} aria-label="Escalated disputes">
          {disputes.map((d) => (
            <li key={d.id} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
              <div className="min-w-0">
                <Link href={`/operator/disputes/${d.id}`} className={linkClass}>
                  {d.contractTitle}: “{d.milestoneTitle}”
                </Link>
                <p className="text-sm text-slate-600">
                  {nameOf(d.client)} (client) and {nameOf(d.expert)} (expert)
                </p>
              </div>
              <div className="text-sm text-slate-700 sm:text-right">
                <p className="font-medium">{formatCents(d.heldCents as Cents)} held</p>
                {d.escalatedAt && (
                  <p className="text-xs text-slate-500">
                    Escalated <Timestamp at={d.escalatedAt} />
                  </p>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
