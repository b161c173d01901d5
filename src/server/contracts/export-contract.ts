import 'server-only'
import { createHash } from 'node:crypto'
import { buildEvidence, evidenceToJson, type EvidenceInput } from '@/domain/evidence'
import { evidenceToCsv } from '@/domain/evidence-csv'
import type { Actor } from '@/domain/types'
import { getDb } from '../db/client'
import { prismaSql } from '../db/sql'
import { CommandError } from '../errors'
import { loadContract } from './load-contract'
import { toCents } from './mapping'

export type ExportFormat = 'csv' | 'json'

/** A file ready to send: its text, type, name, and the SHA-256 of its UTF-8 bytes for `Digest`. */
export type ContractExport = { body: string; contentType: string; filename: string; digest: string }

const CONTENT_TYPE: Record<ExportFormat, string> = {
  // `header=present` is RFC 4180's own parameter: the first record names the columns.
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
}

/**
 * Everything the record needs, read in one REPEATABLE READ transaction: a command committing
 * midway cannot leave a ledger entry in the file without the event that explains it.
 * Outsiders get the same NOT_FOUND as for a contract that does not exist.
 */
async function loadEvidenceInput({ actor, contractId }: { actor: Actor; contractId: string }): Promise<EvidenceInput> {
  return getDb().$transaction(
    async (tx) => {
      const loaded = await loadContract(prismaSql(tx), contractId)
      if (!loaded || (loaded.contract.clientId !== actor.userId && loaded.contract.expertId !== actor.userId)) throw new CommandError('NOT_FOUND', 'No such contract.')
      const events = await tx.activityEvent.findMany({ where: { contractId }, include: { actor: { select: { id: true, email: true, name: true } } } })
      const ledger = await tx.ledgerEntry.findMany({ where: { contractId } })
      return {
        contract: loaded.contract,
        parties: loaded.parties,
        // Order is the domain's job (time, then id by code unit), not the database collation's.
        events: events.map((e) => ({ id: e.id, at: e.createdAt, type: e.type, actor: e.actor, data: e.data })),
        ledger: ledger.map((e) => ({ id: e.id, at: e.createdAt, kind: e.kind, amountCents: toCents(e.amountCents), milestoneId: e.milestoneId })),
      }
    },
    { isolationLevel: 'RepeatableRead' },
  )
}

/** R24: the contract's evidence record as CSV or JSON, byte for byte the same for both parties. */
export async function exportContract({ actor, contractId, format }: { actor: Actor; contractId: string; format: ExportFormat }): Promise<ContractExport> {
  const evidence = buildEvidence(await loadEvidenceInput({ actor, contractId }))
  const body = format === 'csv' ? evidenceToCsv(evidence) : evidenceToJson(evidence)
  return {
    body,
    contentType: CONTENT_TYPE[format],
    // Ids are UUIDs; anything else is replaced so the name stays safe inside a quoted header value.
    filename: `tranche-contract-${contractId.replace(/[^A-Za-z0-9-]/g, '_')}.${format}`,
    digest: `sha-256=${createHash('sha256').update(body, 'utf8').digest('base64')}`,
  }
}
