import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { API_OPERATIONS, CODE_STATUS } from '@/app/api/openapi'
import * as schemas from '@/app/api/contracts/schemas'
import { createTokenBody } from '@/app/api/tokens/schemas'
import { errorResponse } from '@/server/http'
import { callApi, ROUTES } from './harness'

vi.mock('@/server/auth/session', () => import('./session-mock'))

/** PRODUCT.md's "HTTP API" table, method and path. */
const PRODUCT_ROUTES = [
  'GET /api/contracts',
  'POST /api/contracts',
  'GET /api/contracts/{id}',
  'PUT /api/contracts/{id}/milestones',
  'POST /api/contracts/{id}/change-requests',
  'POST /api/contracts/{id}/change-requests/{rid}/accept',
  'POST /api/contracts/{id}/change-requests/{rid}/decline',
  'POST /api/contracts/{id}/change-requests/{rid}/withdraw',
  'POST /api/contracts/{id}/milestones/{mid}/fund',
  'POST /api/contracts/{id}/milestones/{mid}/submit',
  'POST /api/contracts/{id}/milestones/{mid}/release',
  'POST /api/contracts/{id}/close',
  'POST /api/contracts/{id}/close/accept',
  'POST /api/contracts/{id}/close/decline',
  'POST /api/contracts/{id}/reviews',
  'GET /api/contracts/{id}/activity',
  'GET /api/contracts/{id}/export',
  'POST /api/contracts/{id}/disputes',
  'POST /api/contracts/{id}/disputes/{did}/offers',
  'POST /api/contracts/{id}/disputes/{did}/offers/{oid}/accept',
  'POST /api/contracts/{id}/disputes/{did}/escalate',
  'POST /api/contracts/{id}/disputes/{did}/decide',
  // Part 2 (R15–R17) and the demo clock.
  'POST /api/contracts/{id}/milestones/{mid}/request-changes',
  'POST /api/contracts/{id}/milestones/{mid}/withdraw-submission',
  'POST /api/contracts/{id}/milestones/{mid}/extend-review',
  'POST /api/contracts/{id}/milestones/{mid}/extension-requests',
  'POST /api/contracts/{id}/extension-requests/{eid}/accept',
  'POST /api/contracts/{id}/extension-requests/{eid}/decline',
  'GET /api/dev/clock',
  'POST /api/dev/clock',
  'GET /api/webhooks',
  'POST /api/webhooks',
  'PATCH /api/webhooks/{wid}',
  'DELETE /api/webhooks/{wid}',
  'POST /api/webhooks/{wid}/rotate-secret',
  'GET /api/webhooks/{wid}/deliveries',
  'POST /api/webhooks/{wid}/deliveries/{did}/redeliver',
  'GET /api/tokens',
  'POST /api/tokens',
  'DELETE /api/tokens/{tid}',
  // Part 2 (R18, R20).
  'POST /api/contracts/{id}/change-requests/{rid}/counter',
  'GET /api/contracts/{id}/plan-versions',
  'GET /api/contracts/{id}/plan-versions/{version}',
]

type Doc = {
  openapi: string
  paths: Record<string, Record<string, { parameters: { name: string; in: string; required: boolean }[]; requestBody?: { content: Record<string, { schema: { $ref: string } }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> }
}

async function fetchDocument(): Promise<Doc> {
  const response = await callApi({ as: null, method: 'GET', path: '/api/openapi.json' })
  expect(response.status).toBe(200)
  return response.body as Doc
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found))
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') found.push(v)
      else refsIn(v, found)
    }
  }
  return found
}

describe('GET /api/openapi.json', () => {
  it('is public and an OpenAPI 3.1 document', async () => {
    const doc = await fetchDocument()
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.components.securitySchemes).toHaveProperty('session')
  })

  it('passes the official OpenAPI 3.1 JSON schema (@seriousme/openapi-schema-validator)', async () => {
    const validator = new Validator()
    const result = await validator.validate(await fetchDocument())
    expect(result.errors, JSON.stringify(result.errors, null, 2)).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('the validator bites: a response without a description or an optional path parameter is refused', async () => {
    const broken = await fetchDocument()
    const get = broken.paths['/api/contracts/{id}']!.get! as unknown as { responses: Record<string, Record<string, unknown>>; parameters: { required: boolean }[] }
    delete get.responses['200']!.description
    expect((await new Validator().validate(broken)).valid).toBe(false)
    const optional = await fetchDocument()
    ;(optional.paths['/api/contracts/{id}']!.get!.parameters[0] as { required: boolean }).required = false
    expect((await new Validator().validate(optional)).valid).toBe(false)
  })

  it('lists every route of PRODUCT.md with its method, and nothing the app does not serve', async () => {
    const doc = await fetchDocument()
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    expect(documented.sort()).toEqual([...PRODUCT_ROUTES].sort())
    // Every documented operation is exported by the route module Next.js serves at that path.
    for (const operation of documented) {
      const [method, path] = operation.split(' ') as [string, string]
      const route = ROUTES.find((r) => r.pattern === path.replace(/\{(\w+)\}/g, ':$1'))
      expect(route?.module, operation).toHaveProperty(method)
    }
  })

  it('declares every path parameter, the Idempotency-Key of the money commands, and a JSON body schema per write', async () => {
    const doc = await fetchDocument()
    for (const [path, ops] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      for (const [method, op] of Object.entries(ops)) {
        expect(op.parameters.filter((p) => p.in === 'path').map((p) => p.name), `${method} ${path}`).toEqual(names)
        const hasKey = op.parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')
        expect(hasKey, `${method} ${path}`).toBe(/\/(fund|release|close|close\/accept)$/.test(path))
        if (method === 'get' || method === 'delete') {
          expect(op.requestBody).toBeUndefined()
          if (method === 'delete') expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['204', '401', '422']))
          continue
        }
        const ref = op.requestBody?.content['application/json']?.schema.$ref
        expect(ref, `${method} ${path}`).toMatch(/^#\/components\/schemas\//)
        const schema = doc.components.schemas[ref!.split('/').pop()!]
        expect(schema, ref).toMatchObject({ type: 'object', additionalProperties: false })
        expect(Object.keys(op.responses).some((s) => s === '200' || s === '201')).toBe(true)
        if (path === '/api/dev/clock') expect(op.responses).not.toHaveProperty('401')
        else expect(op.responses).toHaveProperty('401')
        expect(op.responses).toHaveProperty('422')
      }
    }
  })

  it('every $ref resolves, and the body schemas are the zod schemas the handlers parse with (input side)', async () => {
    const doc = await fetchDocument()
    for (const ref of refsIn(doc.paths)) expect(doc.components.schemas, ref).toHaveProperty(ref.replace('#/components/schemas/', ''))
    const input = (schema: z.ZodType) => {
      const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
      return rest
    }
    expect(doc.components.schemas.CreateContractBody).toEqual(input(schemas.createContractBody))
    expect(doc.components.schemas.SavePlanBody).toEqual(input(schemas.savePlanBody))
    expect(doc.components.schemas.ProposeChangesBody).toEqual(input(schemas.proposeChangesBody))
    expect(doc.components.schemas.AcceptChangesBody).toEqual(input(schemas.acceptChangesBody))
    expect(doc.components.schemas.DeclineChangesBody).toEqual(input(schemas.declineChangesBody))
    expect(doc.components.schemas.ReleasePaymentBody).toEqual(input(schemas.releasePaymentBody))
    expect(doc.components.schemas.CloseContractBody).toEqual(input(schemas.closeContractBody))
    expect(doc.components.schemas.LeaveReviewBody).toEqual(input(schemas.leaveReviewBody))
    expect(doc.components.schemas.EmptyBody).toEqual(input(schemas.emptyBody))
    expect(doc.components.schemas.SubmitWorkBody).toEqual(input(schemas.submitWorkBody))
    expect(doc.components.schemas.RequestWorkChangesBody).toEqual(input(schemas.requestWorkChangesBody))
    expect(doc.components.schemas.ExtendReviewBody).toEqual(input(schemas.extendReviewBody))
    expect(doc.components.schemas.RequestExtensionBody).toEqual(input(schemas.requestExtensionBody))
    expect(doc.components.schemas.SubmitWorkBody).toMatchObject({ required: ['message'] })
    expect(doc.components.schemas.CreateTokenBody).toEqual(input(createTokenBody))
    expect(doc.components.schemas.CreateTokenBody).toMatchObject({ required: ['name', 'expiresAt', 'scope'], properties: { scope: { enum: ['read', 'write'] } } })
    expect(doc.components.schemas.CreateContractBody).toMatchObject({ required: ['title', 'expertEmail'] })
    expect(doc.components.schemas.ReleasePaymentBody).toMatchObject({ properties: { amountCents: { type: 'integer', minimum: 0 } }, required: ['amountCents'] })
    for (const name of ['Contract', 'ContractList', 'ActivityList', 'Error', 'EvidenceRecord', 'TokenList', 'CreatedToken']) expect(doc.components.schemas[name]).toMatchObject({ type: 'object' })
  })

  it('documents the export: a required format of csv or json, both media types, the Digest and Content-Disposition headers', async () => {
    const doc = await fetchDocument()
    const op = doc.paths['/api/contracts/{id}/export']!.get!
    expect(op.parameters).toContainEqual({ name: 'format', in: 'query', required: true, schema: { type: 'string', enum: ['csv', 'json'] } })
    const ok = op.responses['200'] as { content: Record<string, { schema: unknown }>; headers: Record<string, { required: boolean }> }
    expect(Object.keys(ok.content).sort()).toEqual(['application/json', 'text/csv'])
    expect(ok.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/EvidenceRecord' })
    expect(ok.headers.Digest!.required).toBe(true)
    expect(ok.headers['Content-Disposition']!.required).toBe(true)
    expect(Object.keys(op.responses).sort()).toEqual(['200', '401', '404', '422'])
  })

  it('documents the pagination of GET /api/contracts (an addition): ?cursor=, ?limit=, nextCursor', async () => {
    const doc = await fetchDocument()
    const list = doc.paths['/api/contracts']!.get!
    expect(list.parameters).toEqual([
      expect.objectContaining({ name: 'cursor', in: 'query', required: false, schema: expect.objectContaining({ type: 'string' }) }),
      expect.objectContaining({ name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100, default: 50 }) }),
    ])
    expect(list.responses).toHaveProperty('422')
    expect(doc.components.schemas.ContractList).toMatchObject({ required: ['contracts', 'nextCursor'], properties: { nextCursor: { type: ['string', 'null'] } } })
  })

  it('documents API tokens (R22): a bearer scheme beside the cookie, the token codes on every route, TOKEN_SCOPE on every write, the token routes for the session only', async () => {
    const doc = (await fetchDocument()) as Doc & { security: unknown }
    expect(doc.components.securitySchemes.token).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.security).toEqual([{ session: [] }, { token: [] }])
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const text = JSON.stringify(op.responses)
        if (path === '/api/dev/clock') {
          // The demo clock needs no session and no token (anyone who can reach a demo).
          expect((op as { security?: unknown }).security, `${method} ${path}`).toEqual([])
          expect(text).not.toContain('TOKEN_')
          continue
        }
        for (const code of ['TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_REVOKED']) expect(text, `${method} ${path}`).toContain(code)
        if (method !== 'get' || path.startsWith('/api/tokens')) expect(JSON.stringify(op.responses['403']), `${method} ${path}`).toContain('TOKEN_SCOPE')
        expect((op as { security?: unknown }).security, `${method} ${path}`).toEqual(path.startsWith('/api/tokens') ? [{ session: [] }] : undefined)
      }
    }
  })

  it('documents RATE_LIMITED on every write', async () => {
    const doc = await fetchDocument()
    for (const [path, ops] of Object.entries(doc.paths)) {
      // The demo clock needs no session: it is not a user's write (and does not exist outside a demo).
      for (const [method, op] of Object.entries(ops)) if (method !== 'get' && path !== '/api/dev/clock') expect(op.responses, `${method} ${path}`).toHaveProperty('429')
    }
  })

  it('documents each error code under the status src/server/http.ts answers it with', async () => {
    for (const [code, status] of Object.entries(CODE_STATUS)) {
      expect(errorResponse(code as keyof typeof CODE_STATUS, 'x').status, code).toBe(status)
    }
    const doc = await fetchDocument()
    for (const op of API_OPERATIONS) {
      const responses = doc.paths[op.path]![op.method]!.responses
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue
        const codes = refsIn(response).length > 0 ? JSON.stringify(response).match(/"enum":\[([^\]]*)\]/)![1]!.replace(/"/g, '').split(',') : []
        for (const code of codes) expect(CODE_STATUS[code as keyof typeof CODE_STATUS], `${op.method} ${op.path} ${code}`).toBe(Number(status))
      }
    }
  })
})
