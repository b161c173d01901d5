'use client'

import { useState } from 'react'
import { cardClass } from '../../contracts/_components/ui'
import { NewWebhookForm } from './new-webhook-form'
import { ShownOnce } from '../shown-once'
import type { CreatedWebhook, WebhookItem } from './types'
import { WebhookRow } from './webhook-row'

type Shown = { title: string; value: string; note: string }

/** The webhooks page's state: the list, and a secret just made (shown until the user is done with it). */
export function WebhooksManager({ initialWebhooks, eventTypes }: { initialWebhooks: WebhookItem[]; eventTypes: string[] }) {
  const [webhooks, setWebhooks] = useState(initialWebhooks)
  const [shown, setShown] = useState<Shown | null>(null)
  const [announcement, setAnnouncement] = useState('')

  function onCreated(created: CreatedWebhook) {
    const { secret, ...item } = created
    setWebhooks((current) => [...current, item])
    setShown({ title: 'Copy the signing secret now', value: secret, note: 'You won’t see it again. Your receiver needs it to check that requests come from Tranche.' })
  }

  return (
    <div className="mt-6 space-y-6">
      {shown ? (
        <ShownOnce
          {...shown}
          label="Signing secret"
          copyLabel="Copy secret"
          copiedText="Copied. Keep it where your receiver reads its configuration."
          noun="secret"
          onDone={() => setShown(null)}
        />
      ) : (
        <NewWebhookForm eventTypes={eventTypes} onCreated={onCreated} />
      )}
      <section aria-labelledby="webhooks-heading" className={`${cardClass} p-5`}>
        <h2 id="webhooks-heading" className="text-base font-semibold text-slate-900">
          Your webhooks
        </h2>
        {webhooks.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No webhooks yet. A webhook you add appears here, with its delivery log.</p>
        ) : (
          <ul aria-labelledby="webhooks-heading" className="mt-3 divide-y divide-slate-200">
            {webhooks.map((webhook) => (
              <WebhookRow
                key={webhook.id}
                webhook={webhook}
                onChanged={(next) => setWebhooks((current) => current.map((w) => (w.id === next.id ? next : w)))}
                onDeleted={() => {
                  setWebhooks((current) => current.filter((w) => w.id !== webhook.id))
                  setAnnouncement(`The webhook to ${webhook.url} is deleted.`)
                }}
                onRotated={(secret) =>
                  setShown({ title: 'Copy the new signing secret now', value: secret, note: 'For the next 24 hours every request is signed with both the old and the new secret, so you can switch your receiver over without missing anything.' })
                }
              />
            ))}
          </ul>
        )}
      </section>
      <p role="status" aria-live="polite" className={announcement ? 'text-sm text-slate-700' : 'sr-only'}>
        {announcement}
      </p>
    </div>
  )
}
