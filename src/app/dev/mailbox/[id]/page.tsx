import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getDb } from '@/server/db/client'
import { getEnv } from '@/server/env'
import { getMailboxEmail, toPreviewDocument } from '@/server/mail/mailbox'
import { isDevMailboxEnabled } from '@/server/mail/transport'
import { formatTime, StatusBadge } from '../status-badge'
import { LinkifiedText } from './linkified-text'

export const metadata: Metadata = { title: 'Dev mailbox', robots: { index: false } }
export const dynamic = 'force-dynamic'

type Props = { params: Promise<{ id: string }> }

/** One email: its headers, its HTML rendered in a sandbox, and its plain-text part. */
export default async function MailboxEmailPage({ params }: Props) {
  const env = getEnv()
  if (!isDevMailboxEnabled(env)) notFound()
  const { id } = await params
  const email = await getMailboxEmail(getDb(), id)
  if (!email) notFound()

  const headers: [string, React.ReactNode][] = [
    ['From', env.MAIL_FROM],
    ['To', email.to],
    ['Written', <time key="t" dateTime={email.createdAt.toISOString()}>{formatTime(email.createdAt)}</time>],
    ['Status', <StatusBadge key="s" status={email.status} />],
    ['Message-ID', <code key="m" className="text-xs">{email.messageId}</code>],
  ]
  if (email.sentAt) headers.push(['Sent', <time key="st" dateTime={email.sentAt.toISOString()}>{formatTime(email.sentAt)}</time>])
  if (email.status === 'QUEUED' || email.status === 'RETRYING') headers.push(['Next attempt', `${formatTime(email.nextAttemptAt)} (attempts so far: ${email.attempts})`])
  if (email.lastError) headers.push(['Last error', email.lastError])

  return (
    <main className="mx-auto max-w-5xl px-6 py-10">
      <p>
        <Link href="/dev/mailbox" className="text-sm text-slate-700 underline hover:text-slate-900">
          ← Dev mailbox
        </Link>
      </p>
      <h1 className="mt-3 text-2xl font-semibold text-slate-900">{email.subject}</h1>
      <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {headers.map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="font-medium text-slate-700">{name}</dt>
            <dd className="break-all text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="html-part" className="mt-8">
        <h2 id="html-part" className="text-lg font-semibold text-slate-900">HTML</h2>
        {/* No scripts and an opaque origin; a click on a link opens it in this window, in the app. */}
        <iframe
          title={`Email: ${email.subject}`}
          srcDoc={toPreviewDocument(email.html)}
          sandbox="allow-top-navigation-by-user-activation allow-popups allow-popups-to-escape-sandbox"
          className="mt-3 h-[32rem] w-full rounded-lg border border-slate-200 bg-white"
        />
      </section>

      <section aria-labelledby="text-part" className="mt-8">
        <h2 id="text-part" className="text-lg font-semibold text-slate-900">Plain text</h2>
        <pre className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white p-4 text-sm whitespace-pre-wrap text-slate-900">
          <LinkifiedText text={email.text} />
        </pre>
      </section>
    </main>
  )
}
