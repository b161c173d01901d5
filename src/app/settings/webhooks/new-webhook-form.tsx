'use client'

import { useState, type FormEvent } from 'react'
import { callApi } from '../../lib/api-client'
import { Field } from '../../contracts/_components/field'
import { buttonPrimary, cardClass, inputClass } from '../../contracts/_components/ui'
import { eventLabel, type CreatedWebhook } from './types'

/** "Add webhook": an https URL, and every event or a chosen few; the API answers with the secret once. */
export function NewWebhookForm({ eventTypes, onCreated }: { eventTypes: string[]; onCreated: (webhook: CreatedWebhook) => void }) {
  const [url, setUrl] = useState('')
  const [allEvents, setAllEvents] = useState(true)
  const [chosen, setChosen] = useState<string[]>([])
  const [urlError, setUrlError] = useState<string>()
  const [eventsError, setEventsError] = useState<string>()
  const [message, setMessage] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const missingUrl = url.trim() === '' ? 'Enter the URL of your receiver, starting with https://.' : undefined
    const missingEvents = !allEvents && chosen.length === 0 ? 'Choose at least one event, or send all events.' : undefined
    setUrlError(missingUrl)
    setEventsError(missingEvents)
    if (missingUrl || missingEvents) {
      setMessage('Check the highlighted fields.')
      return
    }
    setPending(true)
    setMessage(null)
    const result = await callApi<CreatedWebhook>('/api/webhooks', { body: { url: url.trim(), events: allEvents ? null : chosen } })
    setPending(false)
    if (!result.ok) {
      const fieldErrors = (result.error.details as { fieldErrors?: { url?: string[] } } | undefined)?.fieldErrors
      if (fieldErrors?.url?.[0]) setUrlError(fieldErrors.url[0])
      setMessage(result.error.message)
      return
    }
    setUrl('')
    setChosen([])
    setAllEvents(true)
    onCreated(result.data)
  }

  const toggle = (type: string) => setChosen((current) => (current.includes(type) ? current.filter((t) => t !== type) : [...current, type]))

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-webhook-heading" className={`${cardClass} space-y-4 p-5`}>
      <h2 id="new-webhook-heading" className="text-base font-semibold text-slate-900">
        Add webhook
      </h2>
      <Field label="Endpoint URL" error={urlError} hint="An https address on the public internet that accepts POST requests.">
        {(props) => (
          <input {...props} type="url" inputMode="url" value={url} maxLength={2000} onChange={(e) => setUrl(e.target.value)} className={inputClass} placeholder="https://example.com/hooks/tranche" />
        )}
      </Field>
      <fieldset aria-describedby={eventsError ? 'webhook-events-error' : undefined}>
        <legend className="block text-sm font-medium text-slate-800">Events</legend>
        <div className="mt-2 space-y-2">
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="radio" name="events-mode" checked={allEvents} onChange={() => setAllEvents(true)} className="h-4 w-4 accent-indigo-600" />
            All events, also ones Tranche adds later
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="radio" name="events-mode" checked={!allEvents} onChange={() => setAllEvents(false)} className="h-4 w-4 accent-indigo-600" />
            Only the events I choose
          </label>
        </div>
        {!allEvents && (
          <div className="mt-3 grid grid-cols-1 gap-1 sm:grid-cols-2">
            {eventTypes.map((type) => (
              <label key={type} className="flex items-center gap-2 text-sm text-slate-800">
                <input type="checkbox" checked={chosen.includes(type)} onChange={() => toggle(type)} className="h-4 w-4 accent-indigo-600" />
                {eventLabel(type)}
              </label>
            ))}
          </div>
        )}
        {eventsError && (
          <p id="webhook-events-error" className="mt-1 text-sm text-red-700">
            {eventsError}
          </p>
        )}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonPrimary} disabled={pending}>
          {pending ? 'Adding…' : 'Add webhook'}
        </button>
        <p role="status" aria-live="polite" className={message ? 'text-sm text-red-700' : 'sr-only'}>
          {message ?? ''}
        </p>
      </div>
    </form>
  )
}
