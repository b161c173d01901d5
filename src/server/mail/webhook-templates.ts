import 'server-only'
import { renderLayout, type RenderedEmail } from './layout'

/**
 * R23: the email to an endpoint's owner when Tranche turned it off after 3 days of failed
 * deliveries, with a link to the webhook settings where it can be turned back on and redelivered.
 */
export function renderWebhookDisabledEmail(input: {
  recipient: { email: string; name: string | null }
  url: string
  lastError: string | null
  appUrl: string
}): RenderedEmail {
  return renderLayout(
    {
      subject: 'Your Tranche webhook was turned off',
      lead: `Deliveries to your webhook ${input.url} have failed for 3 days, so Tranche turned it off and sends it nothing more.`,
      paragraphs: [
        input.lastError ? `The last attempt failed with: ${input.lastError}` : 'The last attempt failed.',
        'When the endpoint works again, turn it back on in your webhook settings and redeliver the events it missed from its delivery log.',
      ],
      action: { label: 'Open webhook settings', url: `${input.appUrl.replace(/\/+$/, '')}/settings/webhooks` },
    },
    input.recipient,
    'You get this email because you registered this webhook on Tranche.',
  )
}
