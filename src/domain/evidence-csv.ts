import { encodeCsv, neutralizeFormula, UTF8_BOM } from './csv'
import { compareByTimeThenId, type Evidence, type EvidenceEvent, type EvidenceLedgerEntry } from './evidence'
import { describeChangeLines, type PlanChange } from './plan-diff'

/**
 * The CSV form of the evidence record: one row per activity event and per ledger entry, merged
 * in time order (at the same millisecond an event comes before the money it moved, then by id),
 * under a header row. Every field is defused against formula injection, the file starts with a
 * UTF-8 BOM (see csv.ts for both).
 */

export const EVIDENCE_CSV_HEADER = [
  'record',
  'at',
  'id',
  'type',
  'actor_role',
  'actor_name',
  'actor_email',
  'milestone_id',
  'milestone',
  'amount_cents',
  'held_cents',
  'changes',
  'data',
] as const

type Row = Record<(typeof EVIDENCE_CSV_HEADER)[number], string>

const quote = (text: string) => `“${text}”`

/**
 * A plan change as lines of old → new values. The shared wording (describeChangeLines) names old
 * and new for every field but the description, which the emails leave out for length; the record
 * spells that out too. A removed milestone's amount and due date are not in the event's data, so
 * its line names only the title.
 */
export function recordChangeLines(change: PlanChange, lockedMilestones: number): string[] {
  if (change.kind === 'ADDED' && change.entry.description !== '') {
    return [`${describeChangeLines(change, lockedMilestones)[0]} with description ${quote(change.entry.description)}`]
  }
  if (change.kind !== 'EDITED') return describeChangeLines(change, lockedMilestones)
  return change.fields.map((field) =>
    field.field === 'description'
      ? `Changed description of ${quote(change.title)} from ${quote(field.from)} to ${quote(field.to)}`
      : describeChangeLines({ ...change, fields: [field] }, lockedMilestones)[0]!,
  )
}

function eventRow(event: EvidenceEvent): Row {
  const { changes, lockedMilestones, ...rest } = (event.data ?? {}) as Record<string, unknown>
  const offset = typeof lockedMilestones === 'number' ? lockedMilestones : 0
  const lines = Array.isArray(changes) ? (changes as PlanChange[]).flatMap((change) => recordChangeLines(change, offset)) : []
  const milestoneId = typeof rest.milestoneId === 'string' ? rest.milestoneId : ''
  return {
    record: 'event',
    at: event.at,
    id: event.id,
    type: event.type,
    actor_role: event.actor ? (event.actor.role ?? '') : 'SYSTEM',
    actor_name: event.actor?.name ?? '',
    actor_email: event.actor?.email ?? '',
    milestone_id: milestoneId,
    milestone: milestoneId !== '' && typeof rest.title === 'string' ? rest.title : '',
    amount_cents: '',
    held_cents: '',
    // A line break inside a quoted field is a line break inside the spreadsheet cell.
    changes: lines.join('\n'),
    data: Object.keys(rest).length === 0 ? '' : JSON.stringify(rest),
  }
}

function ledgerRow(entry: EvidenceLedgerEntry): Row {
  return {
    record: 'ledger',
    at: entry.at,
    id: entry.id,
    type: entry.kind,
    actor_role: '',
    actor_name: '',
    actor_email: '',
    milestone_id: entry.milestoneId ?? '',
    milestone: entry.milestoneTitle ?? '',
    amount_cents: String(entry.amountCents),
    held_cents: String(entry.heldCents),
    changes: '',
    data: '',
  }
}

/** Events and ledger entries as one timeline: time, then events before ledger entries, then id. */
export function evidenceTimeline(evidence: Evidence): Row[] {
  const rows = [...evidence.events.map(eventRow), ...evidence.ledger.map(ledgerRow)]
  const rank = (row: Row) => (row.record === 'event' ? 0 : 1)
  return rows.sort((a, b) => (a.at === b.at && a.record !== b.record ? rank(a) - rank(b) : compareByTimeThenId(a, b)))
}

/** The CSV export: BOM, header row, then the timeline; RFC 4180, CRLF line ends. */
export function evidenceToCsv(evidence: Evidence): string {
  const rows = [[...EVIDENCE_CSV_HEADER], ...evidenceTimeline(evidence).map((row) => EVIDENCE_CSV_HEADER.map((column) => row[column]))]
  return UTF8_BOM + encodeCsv(rows.map((row) => row.map(neutralizeFormula)))
}
