'use client'

import { useCallback, useEffect, useState } from 'react'
import { callApi, type ApiResult } from '../../lib/api-client'
import { Timestamp } from '../../components/locale'
import { buttonSecondary } from '../../contracts/_components/ui'
import { eventLabel, type DeliveryItem } from './types'

const STATUS_STYLE: Record<DeliveryItem['status'], string> = {
  DELIVERED: 'bg-emerald-100 text-emerald-900',
  PENDING: 'bg-slate-100 text-slate-800',
  FAILED: 'bg-red-100 text-red-900',
}
const STATUS_WORD: Record<DeliveryItem['status'], string> = { DELIVERED: 'Delivered', PENDING: 'Pending', FAILED: 'Failed' }

/** The delivery log of one webhook: each event sent, its attempts (status, response code, duration), and Redeliver. */
export function DeliveryLog({ webhookId, enabled }: { webhookId: string; enabled: boolean }) {
  const [deliveries, setDeliveries] = useState<DeliveryItem[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const path = `/api/webhooks/${encodeURIComponent(webhookId)}/deliveries`

  const apply = useCallback((result: ApiResult<{ deliveries: DeliveryItem[] }>) => {
    if (result.ok) {
      setDeliveries(result.data.deliveries)
      setError(null)
    } else setError(result.error.message)
  }, [])
  const load = useCallback(async () => apply(await callApi<{ deliveries: DeliveryItem[] }>(path, { method: 'GET' })), [apply, path])

  useEffect(() => {
    let current = true
    void callApi<{ deliveries: DeliveryItem[] }>(path, { method: 'GET' }).then((result) => current && apply(result))
    return () => {
      current = false
    }
  }, [apply, path])

  async function redeliver(delivery: DeliveryItem) {
    const result = await callApi<DeliveryItem>(`${path}/${encodeURIComponent(delivery.id)}/redeliver`)
    if (!result.ok) return setError(result.error.message)
    setStatus(`${eventLabel(delivery.type)} is being sent again.`)
    await load()
  }

  return (
    <section aria-label="Delivery log" className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900">Delivery log</h3>
        <button type="button" className={buttonSecondary} onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
      {deliveries === null ? (
        <p className="mt-2 text-sm text-slate-600">Loading…</p>
      ) : deliveries.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">Nothing sent yet. Events of your contracts appear here as they are sent.</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {deliveries.map((delivery) => (
            <li key={delivery.id} aria-label={`${eventLabel(delivery.type)}: ${STATUS_WORD[delivery.status]}`} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-medium text-slate-900">
                  {eventLabel(delivery.type)}{' '}
                  <span className={`ml-1 inline-block rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[delivery.status]}`}>{STATUS_WORD[delivery.status]}</span>
                </p>
                {delivery.status !== 'PENDING' && enabled && (
                  <button type="button" className={buttonSecondary} onClick={() => void redeliver(delivery)}>
                    Redeliver
                  </button>
                )}
              </div>
              <p className="mt-1 break-all font-mono text-xs text-slate-500">webhook-id {delivery.eventId}</p>
              {delivery.attempts.length === 0 ? (
                <p className="mt-1 text-slate-600">Not tried yet.</p>
              ) : (
                <table className="mt-2 w-full text-left text-xs text-slate-700">
                  <caption className="sr-only">Attempts</caption>
                  <thead>
                    <tr className="text-slate-500">
                      <th scope="col" className="py-1 pr-2 font-medium">#</th>
                      <th scope="col" className="py-1 pr-2 font-medium">Result</th>
                      <th scope="col" className="py-1 pr-2 font-medium">Response</th>
                      <th scope="col" className="py-1 pr-2 font-medium">Duration</th>
                      <th scope="col" className="py-1 font-medium">When</th>
                    </tr>
                  </thead>
                  <tbody>
                    {delivery.attempts.map((attempt) => (
                      <tr key={attempt.attempt} className="border-t border-slate-100 align-top">
                        <td className="py-1 pr-2">{attempt.attempt}</td>
                        <td className="py-1 pr-2">{attempt.status === 'DELIVERED' ? 'Delivered' : 'Failed'}</td>
                        <td className="break-all py-1 pr-2">{attempt.responseCode ?? attempt.error ?? '—'}</td>
                        <td className="py-1 pr-2">{attempt.durationMs} ms</td>
                        <td className="py-1">
                          <Timestamp at={attempt.at} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          ))}
        </ul>
      )}
      <p role="status" aria-live="polite" className="sr-only">
        {status}
      </p>
    </section>
  )
}
