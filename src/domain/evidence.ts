import { escrowView, type EscrowView } from './escrow'
import { addCents, subtractCents, ZERO_CENTS, type Cents } from './money'
import { fieldsOf } from './plan-diff'
import type { Contract, IsoDate, LedgerEntry, LedgerKind, Role } from './types'

/**
 * R24, the evidence export: the contract, every activity event and every ledger entry, as one
 * record that is the same for both parties. Nothing in it depends on who asks or when: no role or
 * allowed actions of the viewer, no overdue flags, no time of export. Both lists are in time order
 * with the id as tie-breaker, compared by code unit (not a database collation), so the same
 * stored state always gives the same bytes.
 */

export type EvidenceParty = { readonly id: string; readonly email: string; readonly name: string | null }

/** An activity row as stored. `actor` is null for what the system did. */
export type RecordedEvent = { readonly id: string; readonly at: Date; readonly type: string; readonly actor: EvidenceParty | null; readonly data: unknown }

/** A ledger row as stored. */
export type RecordedLedgerEntry = LedgerEntry & { readonly id: string; readonly at: Date }

export type EvidenceEvent = {
  readonly id: string
  /** UTC, ISO 8601 with milliseconds. */
  readonly at: string
  readonly type: string
  /** Who did it and in which role on this contract (null role: neither party, e.g. an operator). */
  readonly actor: (EvidenceParty & { readonly role: Role | null }) | null
  /** The event's data as the activity log holds it (plan events: `changes`, the old → new diff), keys sorted. */
  readonly data: unknown
}

export type EvidenceLedgerEntry = {
  readonly id: string
  readonly at: string
  readonly kind: LedgerKind
  readonly amountCents: Cents
  readonly milestoneId: string | null
  readonly milestoneTitle: string | null
  /** What escrow held right after this entry: deposits minus releases and refunds so far. */
  readonly heldCents: Cents
}

export type EvidenceMilestone = {
  readonly id: string
  readonly position: number
  readonly title: string
  readonly description: string
  readonly amountCents: Cents
  readonly dueDate: IsoDate | null
  readonly state: Contract['milestones'][number]['state']
  readonly fundedCents: Cents
  readonly releasedCents: Cents
  readonly fundedAt: string | null
  readonly submittedAt: string | null
  readonly releasedAt: string | null
}

export type EvidenceContract = ReturnType<typeof contractSnapshot>

export type Evidence = { readonly contract: EvidenceContract; readonly events: readonly EvidenceEvent[]; readonly ledger: readonly EvidenceLedgerEntry[] }

export type EvidenceInput = {
  readonly contract: Contract
  readonly parties: { readonly client: EvidenceParty; readonly expert: EvidenceParty }
  readonly events: readonly RecordedEvent[]
  readonly ledger: readonly RecordedLedgerEntry[]
}

const iso = (at: Date | null): string | null => at?.toISOString() ?? null

/** Earlier first; at the same millisecond, the smaller id (by UTF-16 code unit, as `<` compares). */
export function compareByTimeThenId(a: { at: string; id: string }, b: { at: string; id: string }): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** A copy of a JSON value with every object's keys sorted, so stored key order never shows. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  const record = value as Record<string, unknown>
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, sortKeys(record[key])]),
  )
}

/**
 * The ledger in time order, each entry with the held balance after it. For a ledger that
 * conserves money (R14) the last balance is what escrow holds now and none is negative.
 */
export function withRunningHeld(entries: readonly RecordedLedgerEntry[], titles: ReadonlyMap<string, string> = new Map()): EvidenceLedgerEntry[] {
  let held = ZERO_CENTS
  return entries
    .map((entry) => ({ entry, at: entry.at.toISOString(), id: entry.id }))
    .sort(compareByTimeThenId)
    .map(({ entry, at }) => {
      held = entry.kind === 'DEPOSIT' ? addCents(held, entry.amountCents) : subtractCents(held, entry.amountCents)
      const milestoneId = entry.milestoneId
      return { id: entry.id, at, kind: entry.kind, amountCents: entry.amountCents, milestoneId, milestoneTitle: milestoneId === null ? null : (titles.get(milestoneId) ?? null), heldCents: held }
    })
}

function contractSnapshot(contract: Contract, parties: EvidenceInput['parties']) {
  const escrow: EscrowView = escrowView(contract)
  const request = contract.changeRequest
  return {
    id: contract.id,
    title: contract.title,
    status: contract.status,
    currency: 'USD' as const,
    createdAt: contract.createdAt.toISOString(),
    closedAt: iso(contract.closedAt),
    client: { id: parties.client.id, email: parties.client.email, name: parties.client.name },
    expert: { id: parties.expert.id, email: parties.expert.email, name: parties.expert.name },
    planVersion: contract.planVersion,
    milestones: contract.milestones.map(
      (m, position): EvidenceMilestone => ({
        id: m.id,
        position,
        title: m.title,
        description: m.description,
        amountCents: m.amountCents,
        dueDate: m.dueDate,
        state: m.state,
        fundedCents: m.fundedCents,
        releasedCents: m.releasedCents,
        fundedAt: iso(m.fundedAt),
        submittedAt: iso(m.submittedAt),
        releasedAt: iso(m.releasedAt),
      }),
    ),
    escrow,
    changeRequest: request
      ? {
          id: request.id,
          authorRole: request.authorRole,
          message: request.message,
          baseVersion: request.baseVersion,
          createdAt: request.createdAt.toISOString(),
          milestones: request.milestones.map((entry) => ({ id: entry.id ?? null, ...fieldsOf(entry) })),
        }
      : null,
    closeProposal: contract.closeProposal
      ? {
          refundCents: contract.closeProposal.refundCents,
          releaseCents: subtractCents(escrow.heldCents, contract.closeProposal.refundCents),
          proposedAt: contract.closeProposal.proposedAt.toISOString(),
        }
      : null,
    reviews: contract.reviews.map((r) => ({ authorRole: r.authorRole, rating: r.rating, timelinessRating: r.timelinessRating, comment: r.comment, createdAt: r.createdAt.toISOString() })),
  }
}

/** The evidence record of a contract: the same input gives the same record, whoever asks. */
export function buildEvidence({ contract, parties, events, ledger }: EvidenceInput): Evidence {
  const roleOf = (userId: string): Role | null => (userId === contract.clientId ? 'CLIENT' : userId === contract.expertId ? 'EXPERT' : null)
  const titles = new Map(contract.milestones.map((m) => [m.id, m.title]))
  return {
    contract: contractSnapshot(contract, parties),
    events: events
      .map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        type: e.type,
        actor: e.actor ? { id: e.actor.id, email: e.actor.email, name: e.actor.name, role: roleOf(e.actor.id) } : null,
        data: sortKeys(e.data ?? null),
      }))
      .sort(compareByTimeThenId),
    ledger: withRunningHeld(ledger, titles),
  }
}

/** The JSON export: `{contract, events, ledger}`, indented for reading, ending in a newline. */
export function evidenceToJson(evidence: Evidence): string {
  return `${JSON.stringify(evidence, null, 2)}\n`
}
