import 'server-only'
import { randomUUID } from 'node:crypto'
import { audienceOf } from '@/domain/audience'
import type { DomainEvent } from '@/domain/events'
import type { Contract } from '@/domain/types'
import { insertRows, type Sql } from '../db/sql'
import { getEnv } from '../env'
import { enqueueEmails } from '../mail/outbox'
import { renderEventEmail } from '../mail/templates'
import { enqueueWebhookDeliveries } from '../webhooks/enqueue'
import type { Party } from './mapping'

/**
 * Records each event in the contract's activity log and writes the emails that tell the parties it
 * concerns (audienceOf: the other party, or both for some system decisions) and the webhook
 * deliveries (R23) of both parties' endpoints, in the same transaction as the change: a rollback
 * sends nothing, a commit loses nothing. `actorId` null is the system.
 */
export async function notify(
  sql: Sql,
  input: { contract: Contract; parties: { client: Party; expert: Party }; actorId: string | null; events: readonly DomainEvent[]; now: Date },
): Promise<void> {
  const { contract, parties, actorId, events, now } = input
  if (events.length === 0) return
  // Plan changes count positions in the whole plan: keep how many locked milestones led it then.
  const lockedMilestones = contract.milestones.filter((m) => m.state !== 'UPCOMING').length
  // Ids made here, so the webhook deliveries can carry them (createMany returns none). Sorted, so
  // events of one command keep their order where the activity log breaks time ties by id.
  const ids = events.map(() => randomUUID()).sort()
  const written = events.map((event, i) => ({
    id: ids[i]!,
    type: event.type,
    data: 'changes' in event.data ? { ...event.data, lockedMilestones } : event.data,
  }))
  await insertRows(
    sql,
    'ActivityEvent',
    written.map((event) => ({ id: event.id, contractId: contract.id, actorId, type: event.type, data: event.data, createdAt: now })),
  )
  await enqueueWebhookDeliveries(sql, { contractId: contract.id, memberIds: [parties.client.id, parties.expert.id], events: written, now })
  // The system (a due timer) has no name of its own in emails: "Tranche"; an operator (R21),
  // who is neither party, is "The operator".
  const actor = actorId === parties.client.id ? parties.client : actorId === parties.expert.id ? parties.expert : null
  const actorNameOf = (event: DomainEvent) => (actor ? (actor.name ?? actor.email) : event.actorRole === 'OPERATOR' ? 'The operator' : 'Tranche')
  const appUrl = getEnv().APP_URL
  await enqueueEmails(
    sql,
    events.flatMap((event) =>
      audienceOf(event).map((role) => {
        const recipient = role === 'CLIENT' ? parties.client : parties.expert
        const email = renderEventEmail({
          event,
          contract: { id: contract.id, title: contract.title, lockedMilestones },
          actorName: actorNameOf(event),
          recipient: { email: recipient.email, name: recipient.name },
          recipientRole: role,
          appUrl,
        })
        return { to: recipient.email, subject: email.subject, text: email.text, html: email.html, contractId: contract.id, eventType: event.type }
      }),
    ),
  )
}
