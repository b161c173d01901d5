import type { DomainEvent } from './events'
import type { Role } from './types'

/**
 * Who is emailed about an event: the other party when a person acted; for the system's own
 * decisions, the parties they concern (R16: the client is reminded; both hear of an auto-release;
 * R17: both hear that an extension request expired).
 */
export function audienceOf(event: DomainEvent): Role[] {
  switch (event.actorRole) {
    case 'CLIENT':
      return ['EXPERT']
    case 'EXPERT':
      return ['CLIENT']
    case 'SYSTEM':
      return event.type === 'REVIEW_REMINDER' ? ['CLIENT'] : ['CLIENT', 'EXPERT']
    // R21: an operator's decision concerns both parties.
    case 'OPERATOR':
      return ['CLIENT', 'EXPERT']
  }
}
