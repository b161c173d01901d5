import 'server-only'
import type { DomainEvent } from '@/domain/events'
import type { Contract } from '@/domain/types'
import type { Prisma } from '@/generated/prisma/client'
import { getEnv } from '../env'
import { enqueueEmails } from '../mail/outbox'
import { renderEventEmail } from '../mail/templates'
import type { Party } from './mapping'
import type { Tx } from './persist'

/**
 * Records each event in the contract's activity log and writes the email that tells the other
 * party, in the same transaction as the change: a rollback sends nothing, a commit loses nothing.
 */
export async function notify(
  tx: Tx,
  input: { contract: Contract; parties: { client: Party; expert: Party }; actorId: string | null; events: readonly DomainEvent[]; now: Date },
): Promise<void> {
  const { contract, parties, actorId, events, now } = input
  if (events.length === 0) return
  // Plan changes count positions in the whole plan: keep how many locked milestones led it then.
  const lockedMilestones = contract.milestones.filter((m) => m.state !== 'UPCOMING').length
  await tx.activityEvent.createMany({
    data: events.map((event) => ({
      contractId: contract.id,
      actorId,
      type: event.type,
      data: ('changes' in event.data ? { ...event.data, lockedMilestones } : event.data) as unknown as Prisma.InputJsonValue,
      createdAt: now,
    })),
  })
  // The acting party's counterpart hears of it; a step no party took (the operator's decision,
  // the system's timer) goes to both parties.
  const actor = actorId === parties.client.id ? parties.client : actorId === parties.expert.id ? parties.expert : null
  const recipientsOf = (event: DomainEvent): Party[] =>
    event.actorRole === null || !actor ? [parties.client, parties.expert] : [actor === parties.client ? parties.expert : parties.client]
  const actorNameOf = (event: DomainEvent) => (actor ? (actor.name ?? actor.email) : event.type === 'DISPUTE_DECIDED' ? 'The operator' : 'Tranche')
  const appUrl = getEnv().APP_URL
  await enqueueEmails(
    tx,
    events.flatMap((event) =>
      recipientsOf(event).map((recipient) => {
        const email = renderEventEmail({
          event,
          contract: { id: contract.id, title: contract.title, lockedMilestones },
          actorName: actorNameOf(event),
          recipient: { email: recipient.email, name: recipient.name },
          appUrl,
        })
        return { to: recipient.email, subject: email.subject, text: email.text, html: email.html, contractId: contract.id, eventType: event.type }
      }),
    ),
  )
}
