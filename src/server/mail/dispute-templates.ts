import 'server-only'
import type { DisputeEvent } from '@/domain/events'
import { formatCents, type Cents } from '@/domain/money'
import type { EmailContent } from './layout'

/**
 * R21: the emails of a dispute's steps. A party's step goes to the other party; an escalation by
 * the 4-day timer and an operator's decision go to both, so nothing here says "you" about money:
 * it names the expert and the client.
 */
export function disputeEmailContent(input: { event: DisputeEvent; title: string; actorName: string; workspaceUrl: string }): EmailContent {
  const { event, actorName: actor, workspaceUrl } = input
  const contract = `“${input.title}”`
  const milestone = `“${event.data.title}”`
  const split = (release: Cents, refund: Cents) => `${formatCents(release)} released to the expert and ${formatCents(refund)} refunded to the client`
  const action = { label: 'Open the dispute', url: `${workspaceUrl}#dispute` }
  switch (event.type) {
    case 'DISPUTE_OPENED':
      return {
        subject: `${actor} opened a dispute about ${milestone} on ${contract}`,
        lead: `${actor} opened a dispute about the milestone ${milestone} on ${contract} and offers ${split(event.data.releaseCents, event.data.refundCents)}.`,
        quote: { label: `Statement from ${actor}:`, text: event.data.statement },
        paragraphs: [
          'Accept the offer to settle at once, or answer with your own offer and statement. Until the dispute is settled no money moves on this contract.',
          'An offer left unanswered for 4 days goes to the operator, who decides.',
        ],
        action,
      }
    case 'DISPUTE_OFFER_MADE':
      return {
        subject: `${actor} answered with an offer on ${contract}`,
        lead: `${actor} offers ${split(event.data.releaseCents, event.data.refundCents)} for the milestone ${milestone} on ${contract}.`,
        quote: { label: `Statement from ${actor}:`, text: event.data.statement },
        paragraphs: ['Accept the offer to settle at once, or answer with your own. An offer left unanswered for 4 days goes to the operator.'],
        action,
      }
    case 'DISPUTE_OFFER_ACCEPTED':
      return {
        subject: `${actor} accepted your offer: the dispute on ${contract} is settled`,
        lead: `${actor} accepted your offer for the milestone ${milestone} on ${contract}: ${split(event.data.releaseCents, event.data.refundCents)}.`,
        paragraphs: ['The money has moved, and the contract goes on as before.'],
        action,
      }
    case 'DISPUTE_ESCALATED':
      return {
        subject: `The dispute on ${contract} went to the operator`,
        lead:
          event.data.cause === 'REQUESTED'
            ? `${actor} asked the operator to decide the dispute about the milestone ${milestone} on ${contract}.`
            : `The last offer in the dispute about the milestone ${milestone} on ${contract} went unanswered for 4 days, so the operator will decide it.`,
        paragraphs: ['The operator reads both statements and every offer, then decides how the milestone’s escrow is divided. You can still settle by accepting an offer until then.'],
        action,
      }
    case 'DISPUTE_DECIDED':
      return {
        subject: `The operator decided the dispute on ${contract}`,
        lead: `The operator decided the dispute about the milestone ${milestone} on ${contract}: ${split(event.data.releaseCents, event.data.refundCents)}.`,
        quote: { label: 'Reason from the operator:', text: event.data.reason },
        paragraphs: ['The money has moved, and the contract goes on as before.'],
        action,
      }
  }
}
