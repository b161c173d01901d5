import { formatCents } from './money'
import type { FieldChange, PlanChange } from './plan-diff'

const quote = (title: string) => `“${title}”`

function describeField(title: string, change: FieldChange): string {
  switch (change.field) {
    case 'title':
      return `Renamed ${quote(change.from)} to ${quote(change.to)}`
    case 'description':
      return `Changed description of ${quote(title)}`
    case 'amountCents':
      return `Changed amount of ${quote(title)} from ${formatCents(change.from)} to ${formatCents(change.to)}`
    case 'dueDate':
      if (change.from === null) return `Set due date of ${quote(title)} to ${change.to}`
      if (change.to === null) return `Removed due date of ${quote(title)} (was ${change.from})`
      return `Changed due date of ${quote(title)} from ${change.from} to ${change.to}`
  }
}

/**
 * Plain-English lines for one change, one line per edited field. `offset` is the number of locked
 * milestones at the head of the plan, so positions read as the whole plan's 1-based positions.
 */
export function describeChangeLines(change: PlanChange, offset: number): string[] {
  switch (change.kind) {
    case 'ADDED': {
      const { title, amountCents, dueDate } = change.entry
      return [`Added ${quote(title)} (${formatCents(amountCents)}${dueDate ? `, due ${dueDate}` : ''})`]
    }
    case 'REMOVED':
      return [`Removed ${quote(change.title)}`]
    case 'MOVED':
      return [`Moved ${quote(change.title)} from position ${change.from + offset + 1} to ${change.to + offset + 1}`]
    case 'EDITED':
      return change.fields.map((field) => describeField(change.title, field))
  }
}

/** One sentence for a change, e.g. "Changed amount of “X” from $500.00 to $750.00". */
export function describeChange(change: PlanChange, offset: number): string {
  return describeChangeLines(change, offset).join('; ')
}

/** Every change as plain-English lines, for the Show changes list, the review page and emails. */
export function describeChanges(changes: readonly PlanChange[], offset: number): string[] {
  return changes.flatMap((change) => describeChangeLines(change, offset))
}
