import { expect } from 'vitest'
import { contractView } from '@/app/api/contracts/representations'
import { getDb } from '@/server/db/client'
import type { ApiClient, ApiResponse, Party } from './api-client'

/** Assertions the rules suites share. */

/** A refusal with exactly this status and code, in the API's error body. */
export function expectError(response: ApiResponse, status: number, code: string) {
  expect({ status: response.status, code: response.body?.error?.code }, response.text).toEqual({ status, code })
  expect(typeof response.body.error.message).toBe('string')
}

/** Every command answers with the contract exactly as a GET right after shows it to the caller. */
export async function expectRepresentation(apiClient: ApiClient, response: ApiResponse, caller: Party, status = 200) {
  expect(response.status, response.text).toBe(status)
  contractView.parse(response.body)
  const fresh = await apiClient.call({ as: caller, method: 'GET', path: `/api/contracts/${response.body.id}` })
  expect(fresh.status).toBe(200)
  expect(response.body).toEqual(fresh.body)
}

/** The contract's ledger rows in the order they were written, read from the database. */
export const ledgerOf = async (contractId: string) =>
  (await getDb().ledgerEntry.findMany({ where: { contractId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map((e) => ({
    id: e.id,
    kind: e.kind,
    amountCents: Number(e.amountCents),
    milestoneId: e.milestoneId,
  }))
