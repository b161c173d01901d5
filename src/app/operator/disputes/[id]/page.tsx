import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { formatCents, type Cents } from '@/domain/money'
import { getOperatorDispute } from '@/server/disputes/get-operator-dispute'
import { CommandError } from '@/server/errors'
import { Timestamp } from '../../../components/locale'
import { ActivityLog } from '../../../contracts/[id]/activity-log'
import { OfferThread } from '../../../contracts/[id]/dispute-thread'
import { Breadcrumb } from '../../../contracts/_components/breadcrumb'
import { DisputeBadge, StateBadge } from '../../../contracts/_components/state-badge'
import { nameOf } from '../../../contracts/_components/types'
import { cardClass } from '../../../contracts/_components/ui'
import { requirePageOperator } from '../../load-operator'
import { DecisionForm } from './decision-form'

export const metadata: Metadata = { title: 'Dispute' }

type Props = { params: Promise<{ id: string }> }

const money = (cents: number) => formatCents(cents as Cents)

/** Each ledger entry with what escrow held right after it. */
function withHeld<E extends { kind: string; amountCents: number }>(ledger: readonly E[]): (E & { held: number })[] {
  return ledger.reduce<(E & { held: number })[]>((rows, entry) => {
    const before = rows.at(-1)?.held ?? 0
    return [...rows, { ...entry, held: before + (entry.kind === 'DEPOSIT' ? entry.amountCents : -entry.amountCents) }]
  }, [])
}

/** R21: one dispute as the operator decides it: both statements, the offers, the activity log, the ledger, a decision form. */
export default async function OperatorDisputePage({ params }: Props) {
  const { id } = await params
  const actor = await requirePageOperator(`/operator/disputes/${id}`)
  const view = await getOperatorDispute({ actor: { userId: actor.userId }, disputeId: id }).catch((error: unknown) => {
    if (error instanceof CommandError && error.code === 'NOT_FOUND') notFound()
    throw error
  })
  const { contract, milestone, dispute, events, ledger } = view
  const rows = withHeld(ledger)
  return (
    <div className="space-y-6">
      <div>
        <Breadcrumb trail={[{ href: '/operator/disputes', label: 'Escalated disputes' }]} current={contract.title} />
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
            {contract.title}: “{milestone.title}”
          </h1>
          <DisputeBadge status={dispute.status} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          Client {nameOf(contract.client)} ({contract.client.email}) · Expert {nameOf(contract.expert)} ({contract.expert.email}) · Milestone <StateBadge state={milestone.state} /> ·{' '}
          {money(dispute.heldCents)} held for it
        </p>
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <section aria-labelledby="offers-heading" className={`${cardClass} p-5`}>
            <h2 id="offers-heading" className="text-base font-semibold text-slate-900">
              Statements and offers
            </h2>
            <OfferThread contract={{ role: 'CLIENT', client: contract.client, expert: contract.expert }} dispute={dispute} viewer="operator" />
          </section>
          <ActivityLog events={events} viewerId={actor.userId} />
        </div>
        <aside className="space-y-6" aria-label="Decision and ledger">
          {dispute.status === 'ESCALATED' ? (
            <DecisionForm contractId={contract.id} disputeId={dispute.id} heldCents={dispute.heldCents} />
          ) : (
            <section aria-labelledby="decision-heading" className={`${cardClass} p-5`}>
              <h2 id="decision-heading" className="text-base font-semibold text-slate-900">
                Decision
              </h2>
              {dispute.decision ? (
                <>
                  <p className="mt-2 text-sm text-slate-700">
                    {money(dispute.decision.releaseCents)} released to the expert, {money(dispute.decision.refundCents)} refunded to the client, <Timestamp at={dispute.decision.at} />.
                  </p>
                  <blockquote className="mt-2 whitespace-pre-wrap border-l-2 border-slate-300 pl-3 text-sm text-slate-700">{dispute.decision.reason}</blockquote>
                </>
              ) : (
                <p className="mt-2 text-sm text-slate-600">{dispute.status === 'SETTLED' ? 'The parties settled it themselves.' : 'Not escalated: the parties are still negotiating.'}</p>
              )}
            </section>
          )}
          <section aria-labelledby="ledger-heading" className={`${cardClass} p-5`}>
            <h2 id="ledger-heading" className="text-base font-semibold text-slate-900">
              Ledger
            </h2>
            <p className="mt-1 text-xs text-slate-600">
              Deposited {money(contract.escrow.depositedCents)} · released {money(contract.escrow.releasedCents)} · refunded {money(contract.escrow.refundedCents)} · held{' '}
              {money(contract.escrow.heldCents)}
            </p>
            <div className="mt-3 overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Every money movement of the contract, oldest first, with what escrow held after it</caption>
                <thead className="text-xs text-slate-600">
                  <tr>
                    <th scope="col" className="py-1 pr-2 font-medium">
                      When
                    </th>
                    <th scope="col" className="py-1 pr-2 font-medium">
                      Kind
                    </th>
                    <th scope="col" className="py-1 pr-2 text-right font-medium">
                      Amount
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      Held
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {rows.map((entry) => (
                    <tr key={entry.id}>
                      <td className="py-1 pr-2 text-xs text-slate-600">
                        <Timestamp at={entry.at} />
                      </td>
                      <td className="py-1 pr-2">{entry.kind === 'DEPOSIT' ? 'Deposit' : entry.kind === 'RELEASE' ? 'Release' : 'Refund'}</td>
                      <td className="py-1 pr-2 text-right tabular-nums">{money(entry.amountCents)}</td>
                      <td className="py-1 text-right tabular-nums">{money(entry.held)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </aside>
      </div>
    </div>
  )
}
