import { formatCents, type Cents } from '@/domain/money'
import { describeChanges, type PlanChange } from '@/domain/plan-diff'
import { Timestamp } from '../../components/locale'
import { cardClass } from '../_components/ui'

type Event = { id: string; type: string; at: string; actor: { id: string; email: string; name: string | null } | null; data: unknown }

const money = (value: unknown) => formatCents((typeof value === 'number' ? value : 0) as Cents)
const quote = (value: unknown) => `“${String(value ?? '')}”`

/** One event in plain words, plus the plan changes it carried (if any). */
function describe(event: Event): { text: string; lines: string[] } {
  const d = (event.data ?? {}) as Record<string, unknown>
  const changes = Array.isArray(d.changes) ? describeChanges(d.changes as PlanChange[], typeof d.lockedMilestones === 'number' ? d.lockedMilestones : 0) : []
  switch (event.type) {
    case 'CONTRACT_CREATED':
      return { text: `created the contract with ${d.milestoneCount ?? 0} milestone${d.milestoneCount === 1 ? '' : 's'}`, lines: [] }
    case 'PLAN_SAVED':
      return { text: 'saved milestone changes', lines: changes }
    case 'CHANGES_REQUESTED':
      return { text: `requested changes to the milestones: ${quote(d.message)}`, lines: changes }
    case 'CHANGES_COUNTERED':
      return { text: `answered with a counter-proposal: ${quote(d.message)}`, lines: changes }
    case 'CHANGE_REQUEST_ACCEPTED':
      return { text: d.modified ? 'accepted the requested changes, with modifications' : 'accepted the requested changes', lines: changes }
    case 'CHANGE_REQUEST_DECLINED':
      return { text: d.reason ? `declined the requested changes: ${quote(d.reason)}` : 'declined the requested changes', lines: [] }
    case 'CHANGE_REQUEST_EXPIRED':
      return { text: `expired the change request: no answer within ${d.requestDays === 1 ? '1 day' : `${String(d.requestDays ?? '?')} days`}`, lines: [] }
    case 'CHANGE_REQUEST_WITHDRAWN':
      return { text: 'withdrew the change request', lines: [] }
    case 'MILESTONE_FUNDED': {
      const fromBalance = typeof d.fromBalanceCents === 'number' && d.fromBalanceCents > 0 ? `, ${money(d.fromBalanceCents)} from the escrow balance` : ''
      return { text: `funded ${quote(d.title)} with ${money(d.amountCents)} (deposited ${money(d.depositCents)}${fromBalance})`, lines: [] }
    }
    case 'WORK_SUBMITTED':
      return { text: `submitted work for ${quote(d.title)}: ${quote(d.message)}`, lines: Array.isArray(d.links) ? d.links.map(String) : [] }
    case 'WORK_CHANGES_REQUESTED':
      return { text: `requested changes to ${quote(d.title)}: ${quote(d.message)}`, lines: [] }
    case 'SUBMISSION_WITHDRAWN':
      return { text: `withdrew the submission for ${quote(d.title)}`, lines: [] }
    case 'REVIEW_EXTENDED':
      return { text: `extended the review of ${quote(d.title)} by ${d.days} day${d.days === 1 ? '' : 's'}: ${quote(d.reason)}`, lines: [] }
    case 'REVIEW_REMINDER':
      return { text: `reminded the client that ${quote(d.title)} is released automatically soon`, lines: [] }
    case 'AUTO_RELEASED':
      return { text: `released ${money(d.amountCents)} for ${quote(d.title)} automatically: the review window ended`, lines: [] }
    case 'EXTENSION_REQUESTED':
      return { text: `asked for ${d.days} more day${d.days === 1 ? '' : 's'} on ${quote(d.title)}: ${quote(d.reason)}`, lines: [] }
    case 'EXTENSION_ACCEPTED':
      return { text: `accepted the extension: ${quote(d.title)} is now due ${String(d.dueDate)}`, lines: [] }
    case 'EXTENSION_DECLINED':
      return { text: `declined the extension on ${quote(d.title)}`, lines: [] }
    case 'EXTENSION_EXPIRED':
      return { text: `expired the unanswered extension request on ${quote(d.title)}`, lines: [] }
    case 'PAYMENT_RELEASED':
      return {
        text: d.partial
          ? `released a partial payment of ${money(d.amountCents)} for ${quote(d.title)}; ${money(d.remainderCents)} stays in the escrow balance`
          : `released payment of ${money(d.amountCents)} for ${quote(d.title)}`,
        lines: [],
      }
    case 'CLOSE_PROPOSED':
      return { text: `proposed to close the contract: refund ${money(d.refundCents)}, release ${money(d.releaseCents)}`, lines: [] }
    case 'CLOSE_DECLINED':
      return { text: 'declined the close proposal', lines: [] }
    case 'CONTRACT_CLOSED':
      return { text: `closed the contract (refunded ${money(d.refundCents)}, released ${money(d.releaseCents)})`, lines: [] }
    case 'REVIEW_LEFT':
      return { text: `left a review (${d.rating}/5)`, lines: [] }
    case 'DISPUTE_OPENED':
      return { text: `opened a dispute about ${quote(d.title)}, offering ${money(d.releaseCents)} to the expert and ${money(d.refundCents)} back to the client: ${quote(d.statement)}`, lines: [] }
    case 'DISPUTE_OFFER_MADE':
      return { text: `offered ${money(d.releaseCents)} to the expert and ${money(d.refundCents)} back to the client: ${quote(d.statement)}`, lines: [] }
    case 'DISPUTE_OFFER_ACCEPTED':
      return { text: `accepted the offer: ${money(d.releaseCents)} released to the expert, ${money(d.refundCents)} refunded to the client`, lines: [] }
    case 'DISPUTE_ESCALATED':
      return { text: d.cause === 'REQUESTED' ? 'asked the operator to decide the dispute' : 'sent the dispute to the operator: the last offer went unanswered for 4 days', lines: [] }
    case 'DISPUTE_DECIDED':
      return { text: `decided the dispute as operator: ${money(d.releaseCents)} released to the expert, ${money(d.refundCents)} refunded to the client: ${quote(d.reason)}`, lines: [] }
    default:
      return { text: event.type.toLowerCase().replaceAll('_', ' '), lines: [] }
  }
}

/** The contract's activity, newest first. */
export function ActivityLog({ events, viewerId }: { events: Event[]; viewerId: string }) {
  return (
    <section aria-labelledby="activity-heading" className={`${cardClass} p-5`}>
      <h2 id="activity-heading" className="text-base font-semibold text-slate-900">
        Activity
      </h2>
      {events.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">Nothing has happened yet.</p>
      ) : (
        <ol className="mt-4 space-y-4 border-l border-slate-200 pl-4">
          {events.map((event) => {
            const { text, lines } = describe(event)
            const who = event.actor ? (event.actor.id === viewerId ? 'You' : (event.actor.name ?? event.actor.email)) : 'Tranche'
            return (
              <li key={event.id} className="relative text-sm">
                <span aria-hidden="true" className="absolute -left-[21px] top-1.5 h-2.5 w-2.5 rounded-full border-2 border-white bg-slate-400" />
                <p className="text-slate-800">
                  <span className="font-medium text-slate-900">{who}</span> {text}
                </p>
                {lines.length > 0 && (
                  <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-600">
                    {lines.map((line, i) => (
                      <li key={i}>{line}</li>
                    ))}
                  </ul>
                )}
                <p className="mt-0.5 text-xs text-slate-500">
                  <Timestamp at={event.at} />
                </p>
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}
