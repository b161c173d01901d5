import 'server-only'
import { randomUUID } from 'node:crypto'
import { WEBHOOK_EVENT_TYPES, WEBHOOK_SECRET_OVERLAP_MS } from '@/domain/webhooks'
import type { Actor } from '@/domain/types'
import { Prisma, type WebhookEndpoint } from '@/generated/prisma/client'
import { inTransaction } from '../contracts/run-command'
import { getDb } from '../db/client'
import { getEnv } from '../env'
import { CommandError } from '../errors'
import { generateWebhookSecret } from './signature'
import { checkWebhookUrl, type Resolver } from './url-policy'
import { toWebhookView, type WebhookView } from './views'

/**
 * R23: a user's webhook endpoints. Each belongs to one person and is only ever visible to them:
 * another user's endpoint is NOT_FOUND, exactly like one that does not exist.
 */

/** Ten endpoints per person: every event is sent once per endpoint, so the count bounds the fan-out. */
export const MAX_WEBHOOKS_PER_USER = 10

/** Tests pass a resolver for host names; the app uses the system's. */
export type UrlOptions = { resolve?: Resolver }

/** The SSRF guard at registration: a refused URL is 422 VALIDATION_FAILED naming the `url` field. */
async function requireAllowedUrl(url: string, options: UrlOptions): Promise<string> {
  const check = await checkWebhookUrl(url, { allowPrivate: getEnv().WEBHOOK_ALLOW_PRIVATE, resolve: options.resolve })
  if (!check.ok) throw new CommandError('VALIDATION_FAILED', check.reason, { formErrors: [], fieldErrors: { url: [check.reason] } })
  return check.url.toString()
}

/** Subscribed types in the canonical order, without repeats; null stays null (all types). */
function normaliseEvents(events: readonly string[] | null | undefined): string[] | null {
  if (!events) return null
  return WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type))
}

const eventsColumn = (events: string[] | null) => (events === null ? Prisma.DbNull : events)

async function findOwn(actor: Actor, webhookId: string): Promise<WebhookEndpoint> {
  const row = await getDb().webhookEndpoint.findUnique({ where: { id: webhookId } })
  if (!row || row.userId !== actor.userId) throw new CommandError('NOT_FOUND', 'No such webhook.')
  return row
}

export async function listWebhooks({ actor }: { actor: Actor }): Promise<{ webhooks: WebhookView[] }> {
  const rows = await getDb().webhookEndpoint.findMany({ where: { userId: actor.userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
  return { webhooks: rows.map(toWebhookView) }
}

/** Registers an endpoint; the answer is the only time its secret is shown. */
export async function createWebhook(
  { actor, url, events }: { actor: Actor; url: string; events?: readonly string[] | null },
  options: UrlOptions = {},
): Promise<WebhookView & { secret: string }> {
  const checkedUrl = await requireAllowedUrl(url, options)
  const now = new Date()
  const row = {
    id: randomUUID(),
    userId: actor.userId,
    url: checkedUrl,
    events: normaliseEvents(events),
    secret: generateWebhookSecret(),
    enabled: true,
    createdAt: now,
    updatedAt: now,
  }
  await inTransaction(async (tx) => {
    // The user's row serialises concurrent registrations, so the limit holds under a race.
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${actor.userId} FOR UPDATE`
    const count = await tx.webhookEndpoint.count({ where: { userId: actor.userId } })
    if (count >= MAX_WEBHOOKS_PER_USER) {
      throw new CommandError('WEBHOOK_LIMIT_REACHED', `You have ${MAX_WEBHOOKS_PER_USER} webhooks already; delete one to add another.`)
    }
    await tx.webhookEndpoint.createMany({ data: { ...row, events: eventsColumn(row.events) } })
  })
  return { ...toWebhookView({ ...row, previousSecret: null, previousSecretExpiresAt: null, disabledAt: null, disabledReason: null }), secret: row.secret }
}

/**
 * Changes the URL, the subscribed types, or turns the endpoint off and on. Turning it back on
 * after it was turned off for failing deliveries starts afresh; deliveries that failed meanwhile
 * stay failed until redelivered.
 */
export async function updateWebhook(
  { actor, webhookId, url, events, enabled }: { actor: Actor; webhookId: string; url?: string; events?: readonly string[] | null; enabled?: boolean },
  options: UrlOptions = {},
): Promise<WebhookView> {
  const row = await findOwn(actor, webhookId)
  const now = new Date()
  const data: Prisma.WebhookEndpointUpdateManyMutationInput = { updatedAt: now }
  if (url !== undefined) data.url = await requireAllowedUrl(url, options)
  if (events !== undefined) data.events = eventsColumn(normaliseEvents(events))
  if (enabled !== undefined && enabled !== row.enabled) {
    Object.assign(data, enabled ? { enabled, disabledAt: null, disabledReason: null } : { enabled, disabledAt: now, disabledReason: 'Turned off by its owner.' })
  }
  await getDb().webhookEndpoint.updateMany({ where: { id: row.id, userId: actor.userId }, data })
  return toWebhookView(await findOwn(actor, webhookId))
}

/** Deletes the endpoint and its delivery log; nothing more is sent to it. */
export async function deleteWebhook({ actor, webhookId }: { actor: Actor; webhookId: string }): Promise<void> {
  const row = await findOwn(actor, webhookId)
  await getDb().webhookEndpoint.deleteMany({ where: { id: row.id, userId: actor.userId } })
}

/**
 * A new secret, shown once. For 24 hours every delivery is signed with both the new and the
 * replaced secret, so a receiver can switch without rejecting anything. Rotating again within
 * those hours drops the oldest: only the secret just replaced keeps signing.
 */
export async function rotateWebhookSecret({ actor, webhookId }: { actor: Actor; webhookId: string }): Promise<{ secret: string }> {
  const row = await findOwn(actor, webhookId)
  const now = new Date()
  const secret = generateWebhookSecret()
  const { count } = await getDb().webhookEndpoint.updateMany({
    // Only if nobody rotated meanwhile: two rotations racing must not both keep "their" old secret.
    where: { id: row.id, userId: actor.userId, secret: row.secret },
    data: { secret, previousSecret: row.secret, previousSecretExpiresAt: new Date(now.getTime() + WEBHOOK_SECRET_OVERLAP_MS), updatedAt: now },
  })
  if (count === 0) return rotateWebhookSecret({ actor, webhookId })
  return { secret }
}
