import type { ApiOperation } from '../openapi'
import { emptyBody } from '../contracts/schemas'
import { createWebhookBody, updateWebhookBody } from './schemas'

/** R23's routes in the OpenAPI document (PRODUCT.md, "Part 2 API"): the caller's own webhooks. */

const self = 'the signed-in user, for their own webhooks'
/** Every write: same-origin with the cookie, rate-limited, and a read-only API token may not (R22). */
const write = ['CROSS_SITE_REQUEST', 'RATE_LIMITED', 'TOKEN_SCOPE'] as const

export const WEBHOOK_OPERATIONS: ApiOperation[] = [
  { method: 'get', path: '/api/webhooks', summary: "The caller's webhook endpoints, without secrets", who: self, response: { status: 200, name: 'WebhookList' }, errors: [] },
  {
    method: 'post', path: '/api/webhooks', who: self,
    summary: 'Register an https endpoint for the events of your contracts (all types, or the listed ones); the answer is the only time its secret is shown. A URL that resolves to a private, loopback or link-local address is 422.',
    body: { name: 'CreateWebhookBody', schema: createWebhookBody, required: true }, response: { status: 201, name: 'WebhookCreated' }, errors: [...write, 'WEBHOOK_LIMIT_REACHED'],
  },
  {
    method: 'patch', path: '/api/webhooks/{wid}', summary: 'Change the URL or event types, or turn the endpoint off and on', who: self,
    body: { name: 'UpdateWebhookBody', schema: updateWebhookBody, required: true }, response: { status: 200, name: 'Webhook' }, errors: [...write],
  },
  { method: 'delete', path: '/api/webhooks/{wid}', summary: 'Delete the endpoint and its delivery log', who: self, response: { status: 200, name: '' }, noContent: true, errors: [...write] },
  {
    method: 'post', path: '/api/webhooks/{wid}/rotate-secret', summary: 'A new secret, shown once; for 24 hours deliveries carry signatures with the old and the new secret', who: self,
    body: { name: 'EmptyBody', schema: emptyBody, required: false }, response: { status: 200, name: 'RotatedSecret' }, errors: [...write],
  },
  { method: 'get', path: '/api/webhooks/{wid}/deliveries', summary: 'The delivery log, newest first (100), with every attempt', who: self, response: { status: 200, name: 'WebhookDeliveryList' }, errors: [] },
  {
    method: 'post', path: '/api/webhooks/{wid}/deliveries/{did}/redeliver', summary: 'Send a delivery again at once, with the same webhook-id and body (one attempt)', who: self,
    body: { name: 'EmptyBody', schema: emptyBody, required: false }, response: { status: 200, name: 'WebhookDelivery' }, errors: [...write, 'WEBHOOK_DISABLED'],
  },
]
