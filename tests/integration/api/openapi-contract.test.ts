import { describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '@/app/api/openapi'
import { createOpenApiContract, type Exchange } from './openapi-contract'

/**
 * The response check every API suite runs through harness.ts, on hand-made answers: it passes what
 * the document describes and names each way an answer can depart from it.
 */

const contract = createOpenApiContract(buildOpenApiDocument())

const json = (method: string, path: string, status: number, body: unknown, contentType = 'application/json'): Exchange => ({
  method,
  path,
  status,
  headers: new Headers({ 'content-type': contentType }),
  text: JSON.stringify(body),
})
const error = (code: string) => ({ error: { code, message: 'x' } })

describe('the OpenAPI response contract', () => {
  it('passes answers the document describes, whatever the concrete ids and query', () => {
    expect(contract.check(json('GET', '/api/contracts', 200, { contracts: [], nextCursor: null }))).toEqual([])
    expect(contract.check(json('GET', '/api/contracts/abc?x=1', 404, error('NOT_FOUND')))).toEqual([])
    expect(contract.check(json('POST', '/api/contracts/abc/milestones/m1/fund', 409, error('NOT_NEXT_MILESTONE')))).toEqual([])
  })

  it('names an undocumented operation, status or media type', () => {
    expect(contract.check(json('GET', '/api/nowhere', 200, {}))).toEqual(['GET /api/nowhere → 200: no such operation in the document'])
    expect(contract.check(json('DELETE', '/api/contracts/abc', 200, {}))[0]).toMatch(/no such operation/)
    expect(contract.check(json('GET', '/api/contracts/abc', 409, error('CONTRACT_CLOSED')))[0]).toMatch(/status 409 is not documented for GET \/api\/contracts\/\{id\}/)
    expect(contract.check(json('GET', '/api/contracts', 200, { contracts: [] }, 'text/html'))[0]).toMatch(/media type "text\/html" is not documented/)
  })

  it('names a body that breaks the schema: a missing field, an extra one, an error code the operation does not list', () => {
    const [missing] = contract.check(json('GET', '/api/contracts', 200, { contracts: [{ id: 'x' }] }))
    expect(missing).toMatch(/body does not match the schema: .*must have required property 'title'/)
    expect(contract.check(json('GET', '/api/contracts', 200, { contracts: [], extra: 1 }))[0]).toMatch(/must NOT have additional properties/)
    // 409 is documented for fund, but not this code.
    expect(contract.check(json('POST', '/api/contracts/abc/milestones/m1/fund', 409, error('ALREADY_REVIEWED')))[0]).toMatch(/must be equal to one of the allowed values/)
    expect(contract.check({ ...json('GET', '/api/contracts', 200, null), text: '{' })[0]).toMatch(/the body is not JSON/)
  })

  it('names a required response header that is missing or malformed', () => {
    const csv = { method: 'GET', path: '/api/contracts/abc/export?format=csv', status: 200, text: 'record\r\n' }
    expect(contract.check({ ...csv, headers: new Headers({ 'content-type': 'text/csv; charset=utf-8' }) })).toEqual([
      'GET /api/contracts/abc/export → 200: required header Digest is missing',
      'GET /api/contracts/abc/export → 200: required header Content-Disposition is missing',
    ])
    const headers = new Headers({ 'content-type': 'text/csv', digest: 'md5=abc', 'content-disposition': 'attachment; filename="tranche-contract-abc.csv"' })
    expect(contract.check({ ...csv, headers })).toEqual([expect.stringMatching(/header Digest does not match its schema/)])
  })
})
