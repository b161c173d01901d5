import type { Metadata } from 'next'
import { WEBHOOK_EVENT_TYPES } from '@/domain/webhooks'
import { requirePageActor } from '@/server/auth/session'
import { listWebhooks } from '@/server/webhooks/endpoints'
import { WebhooksManager } from './webhooks-manager'

export const metadata: Metadata = { title: 'Webhooks' }

/** R23: the signed-in user's webhook endpoints, their secrets (shown once), and each one's delivery log. */
export default async function WebhooksPage() {
  const actor = await requirePageActor('/settings/webhooks')
  const { webhooks } = await listWebhooks({ actor })
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Webhooks</h1>
      <p className="mt-1 text-sm text-slate-600">
        Tranche tells another system when something happens on your contracts (a milestone funded, a payment released, …) by
        sending a signed HTTPS request to a URL you choose. Every request carries{' '}
        <code className="rounded bg-slate-100 px-1 py-0.5 text-xs text-slate-800">webhook-id</code>,{' '}
        <code className="rounded bg-slate-100 px-1 py-0.5 text-xs text-slate-800">webhook-timestamp</code> and{' '}
        <code className="rounded bg-slate-100 px-1 py-0.5 text-xs text-slate-800">webhook-signature</code> headers (Standard
        Webhooks): check the signature with the endpoint’s secret before trusting it. Failed deliveries are retried for 3 days.
      </p>
      <WebhooksManager initialWebhooks={webhooks} eventTypes={[...WEBHOOK_EVENT_TYPES]} />
    </div>
  )
}
