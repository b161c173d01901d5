import 'server-only'
import type { DomainEvent } from '@/domain/events'
import { formatCents } from '@/domain/money'
import { describeChanges } from '@/domain/plan-diff'
import type { Role } from '@/domain/types'
import { disputeEmailContent } from './dispute-templates'
import { renderLayout, type EmailContent, type RenderedEmail } from './layout'

export type EventEmailInput = {
  event: DomainEvent
  /**
   * `lockedMilestones`: how many funded or paid milestones head the plan, so the positions in the
   * list of changes read as the workspace shows them (without it they count upcoming ones only).
   */
  contract: { id: string; title: string; lockedMilestones?: number }
  /** The person who made the change, as the recipient knows them (name, else email). */
  actorName: string
  recipient: { email: string; name: string | null }
  /** The public base URL (APP_URL); links in the email are absolute. */
  appUrl: string
}

/**
 * The email that tells the other party about one domain event: subject, plain-text and HTML
 * parts (every user-provided string escaped), and the deep link it points to. Words follow the
 * help article ("Review updates", "Manage milestones", "Release payment").
 */
export function renderEventEmail(input: EventEmailInput): RenderedEmail {
  const footer = `You get this email because you are on the fixed-rate job contract “${input.contract.title}” on Tranche.`
  return renderLayout(contentFor(input), input.recipient, footer)
}

/** `/contracts/{id}` and below, absolute on APP_URL (which may carry a base path). */
export function contractUrl(appUrl: string, contractId: string, rest = ''): string {
  return `${appUrl.replace(/\/+$/, '')}/contracts/${encodeURIComponent(contractId)}${rest}`
}

function contentFor({ event, contract, actorName: actor, appUrl }: EventEmailInput): EmailContent {
  const title = `“${contract.title}”`
  const offset = contract.lockedMilestones ?? 0
  const workspace = { label: 'Open workspace', url: contractUrl(appUrl, contract.id) }
  const milestoneLink = (milestoneId: string, label: string) => ({
    label,
    url: contractUrl(appUrl, contract.id, `#milestone-${encodeURIComponent(milestoneId)}`),
  })
  // The recipient is always the other party: "you" is the role that did not act.
  const recipientRole: Role = event.actorRole === 'CLIENT' ? 'EXPERT' : 'CLIENT'
  const toWhom = (role: Role) => (role === recipientRole ? 'you' : role === 'CLIENT' ? 'the client' : 'the expert')

  switch (event.type) {
    case 'CONTRACT_CREATED': {
      const count = event.data.milestoneCount
      return {
        subject: `${actor} started the contract ${title} with you`,
        lead: `${actor} created the fixed-rate job contract ${title} with ${count} ${count === 1 ? 'milestone' : 'milestones'}, and you are its expert.`,
        paragraphs: [
          'Each milestone is funded into escrow before work on it starts, and paid when it is approved. You can suggest updates to the upcoming milestones from the Workspace with the Manage milestones button.',
        ],
        action: workspace,
      }
    }
    case 'PLAN_SAVED':
      return {
        subject: `${actor} changed the milestones on ${title}`,
        lead: `${actor} changed the milestones on your contract ${title}.`,
        list: { label: 'What changed:', items: describeChanges(event.data.changes, offset) },
        paragraphs: ['You can suggest updates to upcoming milestones from the Workspace with the Manage milestones button.'],
        action: { label: 'View milestones', url: workspace.url },
      }
    case 'CHANGES_REQUESTED':
      return {
        subject: `${actor} requested changes to the milestones on ${title}`,
        lead: `${actor} suggested updates to the milestones on ${title} for your review and approval.`,
        quote: event.data.message.trim() ? { label: `Message from ${actor}:`, text: event.data.message } : undefined,
        list: { label: 'Proposed changes:', items: describeChanges(event.data.changes, offset) },
        paragraphs: [
          'You can accept, decline or modify the changes. You must approve or decline the updates before making more changes to the job milestones.',
        ],
        action: { label: 'Review updates', url: contractUrl(appUrl, contract.id, '/review') },
      }
    case 'CHANGE_REQUEST_ACCEPTED':
      return {
        subject: event.data.modified
          ? `${actor} accepted a modified version of your milestone updates on ${title}`
          : `${actor} accepted your milestone updates on ${title}`,
        lead: event.data.modified
          ? `${actor} modified the milestone updates you requested on ${title} and accepted them.`
          : `${actor} accepted the milestone updates you requested on ${title}.`,
        list: { label: 'What changed:', items: describeChanges(event.data.changes, offset) },
        action: { label: 'View milestones', url: workspace.url },
      }
    case 'CHANGE_REQUEST_DECLINED':
      return {
        subject: `${actor} declined your milestone updates on ${title}`,
        lead: `${actor} declined the milestone updates you requested on ${title}. The milestones stay as they were.`,
        quote: event.data.reason?.trim() ? { label: `Reason from ${actor}:`, text: event.data.reason } : undefined,
        action: workspace,
      }
    case 'CHANGE_REQUEST_WITHDRAWN':
      return {
        subject: `${actor} withdrew the milestone update request on ${title}`,
        lead: `${actor} withdrew the request to update the milestones on ${title}. There is nothing left for you to review.`,
        action: workspace,
      }
    case 'MILESTONE_FUNDED':
      return {
        subject: `Milestone funded: “${event.data.title}” on ${title}`,
        lead: `${actor} funded the milestone “${event.data.title}” with ${formatCents(event.data.amountCents)} in escrow.`,
        paragraphs: ['You can start work on it now, and submit the work when it is ready for approval.'],
        action: milestoneLink(event.data.milestoneId, 'View milestone'),
      }
    case 'WORK_SUBMITTED':
      return {
        subject: `${actor} submitted work for “${event.data.title}” on ${title}`,
        lead: `${actor} submitted the work for the milestone “${event.data.title}” on ${title} and asks for your approval.`,
        paragraphs: ['Review the work, then release the milestone payment in full or in part.'],
        action: milestoneLink(event.data.milestoneId, 'Release payment'),
      }
    case 'PAYMENT_RELEASED': {
      const { amountCents, remainderCents, partial } = event.data
      const milestone = `“${event.data.title}”`
      return partial
        ? {
            subject: `Partial payment released: ${formatCents(amountCents)} for ${milestone}`,
            lead: `${actor} released a partial payment of ${formatCents(amountCents)} for the milestone ${milestone} on ${title}.`,
            paragraphs: [`The remaining ${formatCents(remainderCents)} stays in the contract's escrow balance for the next milestone.`],
            action: milestoneLink(event.data.milestoneId, 'View milestone'),
          }
        : {
            subject: `Payment released: ${formatCents(amountCents)} for ${milestone}`,
            lead: `${actor} approved the milestone ${milestone} on ${title} and released ${formatCents(amountCents)} to you.`,
            action: milestoneLink(event.data.milestoneId, 'View milestone'),
          }
    }
    case 'CLOSE_PROPOSED':
      return {
        subject: `${actor} proposed to close ${title}`,
        lead: `${actor} proposed to close the contract ${title}: ${formatCents(event.data.releaseCents)} of the escrow released to you and ${formatCents(event.data.refundCents)} refunded to the client.`,
        paragraphs: ['You can accept or decline the proposal from the Workspace. The contract stays open until you accept.'],
        action: { label: 'Review the proposal', url: workspace.url },
      }
    case 'CLOSE_DECLINED':
      return {
        subject: `${actor} declined your proposal to close ${title}`,
        lead: `${actor} declined your proposal to close the contract ${title} (refund ${formatCents(event.data.refundCents)}, release ${formatCents(event.data.releaseCents)}). The contract stays open and the escrow is unchanged.`,
        action: workspace,
      }
    case 'CONTRACT_CLOSED': {
      const { refundCents, releaseCents, settlement, cancelledRequestId } = event.data
      const money: string[] = []
      if (releaseCents > 0) money.push(`${formatCents(releaseCents)} was released to ${toWhom('EXPERT')}`)
      if (refundCents > 0) money.push(`${formatCents(refundCents)} was refunded to ${toWhom('CLIENT')}`)
      const paragraphs = money.length > 0 ? [`From the escrow, ${money.join(' and ')}.`] : []
      if (cancelledRequestId) paragraphs.push('The pending milestone update request was cancelled.')
      paragraphs.push('The contract is now read-only. You can leave a review of how the job went.')
      return {
        subject: settlement ? `${actor} accepted your proposal: ${title} is closed` : `${title} is closed`,
        lead: settlement
          ? `${actor} accepted your proposal to close the contract ${title}, and it is now closed.`
          : `${actor} closed the contract ${title}.`,
        paragraphs,
        action: { label: 'Leave a review', url: workspace.url },
      }
    }
    case 'DISPUTE_OPENED':
    case 'DISPUTE_OFFER_MADE':
    case 'DISPUTE_OFFER_ACCEPTED':
    case 'DISPUTE_ESCALATED':
    case 'DISPUTE_DECIDED':
      return disputeEmailContent({ event, title: contract.title, actorName: actor, workspaceUrl: workspace.url })
    case 'REVIEW_LEFT': {
      const { rating, timelinessRating } = event.data
      const lead =
        event.actorRole === 'CLIENT'
          ? `${actor} reviewed your work on ${title}: ${rating} out of 5` +
            (timelinessRating === null ? '.' : `, and ${timelinessRating} out of 5 for adherence to deadlines.`)
          : `${actor} reviewed working with you on ${title}: ${rating} out of 5.`
      return { subject: `${actor} left a review on ${title}`, lead, action: workspace }
    }
  }
}
