'use client'

import { useState } from 'react'
import { callApi } from '../../lib/api-client'
import { Timestamp } from '../../components/locale'
import { buttonDanger, buttonSecondary } from '../../contracts/_components/ui'
import { DeliveryLog } from './delivery-log'
import { eventLabel, type WebhookItem } from './types'

type Confirm = 'rotate' | 'delete' | null

/** One webhook: its URL, events and state; turn off/on, rotate the secret, delete, and its delivery log. */
export function WebhookRow({ webhook, onChanged, onDeleted, onRotated }: { webhook: WebhookItem; onChanged: (w: WebhookItem) => void; onDeleted: () => void; onRotated: (secret: string) => void }) {
  const [confirm, setConfirm] = useState<Confirm>(null)
  const [showLog, setShowLog] = useState(false)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const path = `/api/webhooks/${encodeURIComponent(webhook.id)}`

  async function run<T>(request: Promise<{ ok: true; data: T } | { ok: false; status: number; error: { message: string } }>, done: (data: T) => void) {
    setPending(true)
    setError(null)
    const result = await request
    setPending(false)
    setConfirm(null)
    if (result.ok) done(result.data)
    else setError(result.error.message)
  }

  const toggle = () => run(callApi<WebhookItem>(path, { method: 'PATCH', body: { enabled: !webhook.enabled } }), onChanged)
  const rotate = () => run(callApi<{ secret: string }>(`${path}/rotate-secret`), (data) => onRotated(data.secret))
  const remove = () => run(callApi<null>(path, { method: 'DELETE' }), onDeleted)

  return (
    <li className="py-4" aria-label={webhook.url}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="break-all font-mono text-sm text-slate-900">{webhook.url}</p>
          <p className="mt-1 text-sm text-slate-600">
            <span className={`mr-2 inline-block rounded-full px-2 py-0.5 text-xs font-medium ${webhook.enabled ? 'bg-emerald-100 text-emerald-900' : 'bg-amber-100 text-amber-900'}`}>
              {webhook.enabled ? 'On' : 'Off'}
            </span>
            {webhook.events === null ? 'All events' : webhook.events.map(eventLabel).join(', ')}
          </p>
          <p className="mt-1 text-xs text-slate-500">
            Added <Timestamp at={webhook.createdAt} />
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonSecondary} aria-expanded={showLog} onClick={() => setShowLog((v) => !v)}>
            {showLog ? 'Hide delivery log' : 'Delivery log'}
          </button>
          <button type="button" className={buttonSecondary} disabled={pending} onClick={() => void toggle()}>
            {webhook.enabled ? 'Turn off' : 'Turn on'}
          </button>
          <button type="button" className={buttonSecondary} disabled={pending} onClick={() => setConfirm('rotate')}>
            Rotate secret
          </button>
          <button type="button" className={buttonSecondary} disabled={pending} onClick={() => setConfirm('delete')} aria-label={`Delete the webhook to ${webhook.url}`}>
            Delete
          </button>
        </div>
      </div>
      {confirm && (
        <div role="group" aria-label={confirm === 'delete' ? 'Delete this webhook?' : 'Rotate the secret?'} className="mt-3 rounded-md border border-red-200 bg-red-50 p-3">
          <p className="text-sm text-slate-800">
            {confirm === 'delete'
              ? 'Delete this webhook and its delivery log? Nothing more is sent to it.'
              : 'Make a new signing secret? The old one keeps signing beside it for 24 hours, then stops.'}
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button type="button" className={buttonDanger} disabled={pending} onClick={() => void (confirm === 'delete' ? remove() : rotate())}>
              {confirm === 'delete' ? 'Delete webhook' : 'Rotate secret now'}
            </button>
            <button type="button" className={buttonSecondary} disabled={pending} onClick={() => setConfirm(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
      {showLog && <DeliveryLog webhookId={webhook.id} enabled={webhook.enabled} />}
    </li>
  )
}
