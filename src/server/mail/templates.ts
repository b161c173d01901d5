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
  /** The recipient's role; by default the party who did not act. */
  recipientRole?: Role
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

/** An instant in words, in UTC (an email cannot know the reader's time zone; the Workspace shows local time). */
export function formatUtc(iso: string): string {
  const at = new Date(iso)
  const day = at.toLocaleDateString('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
  const time = at.toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' })
  return `${day}, ${time} UTC`
}

function contentFor({ event, contract, actorName: actor, appUrl, recipientRole: givenRole }: EventEmailInput): EmailContent {
  const title = `“${contract.title}”`
  const offset = contract.lockedMilestones ?? 0
  const workspace = { label: 'Open workspace', url: contractUrl(appUrl, contract.id) }
  const milestoneLink = (milestoneId: string, label: string) => ({
    label,
    url: contractUrl(appUrl, contract.id, `#milestone-${encodeURIComponent(milestoneId)}`),
  })
  // The recipient is always the other party: "you" is the role that did not act.
  const recipientRole: Role = givenRole ?? (event.actorRole === 'CLIENT' ? 'EXPERT' : 'CLIENT')
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
    case 'CHANGES_COUNTERED':
      return {
        subject: `${actor} answered with a counter-proposal on ${title}`,
        lead: `${actor} answered the proposed milestone updates on ${title} with a counter-proposal of their own, for your review and approval.`,
        quote: event.data.message.trim() ? { label: `Message from ${actor}:`, text: event.data.message } : undefined,
        list: { label: 'Changes to the current milestones:', items: describeChanges(event.data.changes, offset) },
        paragraphs: ['You can accept it, decline it, or answer with a counter-proposal. The milestones stay as they are until one of you accepts.'],
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
    case 'CHANGE_REQUEST_EXPIRED': {
      // Sent to both parties: the words name roles, not "you".
      const { authorRole, requestDays } = event.data
      return {
        subject: `Milestone updates on ${title} expired unanswered`,
        lead: `The milestone updates the ${authorRole === 'CLIENT' ? 'client' : 'expert'} proposed on ${title} got no answer within ${requestDays} ${requestDays === 1 ? 'day' : 'days'} and have expired.`,
        paragraphs: ['The milestones stay as they were. Either of you can propose new updates from the Workspace with the Manage milestones button.'],
        action: workspace,
      }
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
        quote: { label: `Message from ${actor}:`, text: event.data.message },
        list: event.data.links.length > 0 ? { label: 'Links:', items: event.data.links } : undefined,
        paragraphs: [
          `Review the work, then release the payment, request changes, or extend the review. If you do nothing, the payment is released automatically on ${formatUtc(event.data.reviewEndsAt)}.`,
        ],
        action: milestoneLink(event.data.milestoneId, 'Review the work'),
      }
    case 'WORK_CHANGES_REQUESTED':
      return {
        subject: `${actor} requested changes to “${event.data.title}” on ${title}`,
        lead: `${actor} reviewed your submission for the milestone “${event.data.title}” on ${title} and asks for changes before releasing the payment.`,
        quote: { label: `Message from ${actor}:`, text: event.data.message },
        paragraphs: ['The milestone is in progress again. Submit the work again when it is ready: a new review window opens then.'],
        action: milestoneLink(event.data.milestoneId, 'View milestone'),
      }
    case 'SUBMISSION_WITHDRAWN':
      return {
        subject: `${actor} withdrew the submission for “${event.data.title}” on ${title}`,
        lead: `${actor} withdrew the work submitted for the milestone “${event.data.title}” on ${title}. There is nothing for you to review until it is submitted again.`,
        action: milestoneLink(event.data.milestoneId, 'View milestone'),
      }
    case 'REVIEW_EXTENDED':
      return {
        subject: `${actor} extended the review of “${event.data.title}” by ${event.data.days} ${event.data.days === 1 ? 'day' : 'days'}`,
        lead: `${actor} needs more time to review your work on the milestone “${event.data.title}” on ${title}. The review window now ends on ${formatUtc(event.data.reviewEndsAt)}.`,
        quote: { label: `Reason from ${actor}:`, text: event.data.reason },
        action: milestoneLink(event.data.milestoneId, 'View milestone'),
      }
    case 'REVIEW_REMINDER':
      return {
        subject: `Payment for “${event.data.title}” will be released automatically on ${formatUtc(event.data.reviewEndsAt)}`,
        lead: `The review window for the milestone “${event.data.title}” on ${title} ends on ${formatUtc(event.data.reviewEndsAt)}. If you do nothing, ${formatCents(event.data.amountCents)} is released to the expert then.`,
        paragraphs: ['Release the payment, request changes, or extend the review from the Workspace.'],
        action: milestoneLink(event.data.milestoneId, 'Review the work'),
      }
    case 'AUTO_RELEASED':
      return {
        subject: `Payment released automatically: ${formatCents(event.data.amountCents)} for “${event.data.title}”`,
        lead:
          recipientRole === 'EXPERT'
            ? `The review window for the milestone “${event.data.title}” on ${title} ended without an answer, so ${formatCents(event.data.amountCents)} was released to you automatically.`
            : `The review window for the milestone “${event.data.title}” on ${title} ended without an answer, so ${formatCents(event.data.amountCents)} was released to the expert automatically.`,
        action: milestoneLink(event.data.milestoneId, 'View milestone'),
      }
    case 'EXTENSION_REQUESTED':
      return {
        subject: `${actor} asks for ${event.data.days} more ${event.data.days === 1 ? 'day' : 'days'} on “${event.data.title}”`,
        lead: `${actor} asks to move the due date of the milestone “${event.data.title}” on ${title} from ${event.data.dueDate} to ${event.data.proposedDueDate}.`,
        quote: { label: `Reason from ${actor}:`, text: event.data.reason },
        paragraphs: [`Accept or decline from the Workspace. Unanswered, the request expires on ${formatUtc(event.data.expiresAt)}.`],
        action: milestoneLink(event.data.milestoneId, 'Answer the request'),
      }
    case 'EXTENSION_ACCEPTED':
      return {
        subject: `${actor} accepted your extension on “${event.data.title}”`,
        lead: `${actor} accepted your request: the milestone “${event.data.title}” on ${title} is now due on ${event.data.dueDate} (it was ${event.data.previousDueDate}).`,
        action: milestoneLink(event.data.milestoneId, 'View milestone'),
      }
    case 'EXTENSION_DECLINED':
      return {
        subject: `${actor} declined your extension on “${event.data.title}”`,
        lead: `${actor} declined your request for ${event.data.days} more ${event.data.days === 1 ? 'day' : 'days'} on the milestone “${event.data.title}” on ${title}. The due date stays as it was.`,
        action: milestoneLink(event.data.milestoneId, 'View milestone'),
      }
    case 'EXTENSION_EXPIRED':
      return {
        subject: `The extension request on “${event.data.title}” expired`,
        lead: `The request for ${event.data.days} more ${event.data.days === 1 ? 'day' : 'days'} on the milestone “${event.data.title}” on ${title} was not answered within 4 days and has expired. The due date stays as it was.`,
        action: milestoneLink(event.data.milestoneId, 'View milestone'),
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
