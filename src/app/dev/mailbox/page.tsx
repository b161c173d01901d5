import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getDb } from '@/server/db/client'
import { getEnv } from '@/server/env'
import { listMailbox, MAILBOX_PAGE_SIZE } from '@/server/mail/mailbox'
import { isDevMailboxEnabled } from '@/server/mail/transport'
import { formatTime, StatusBadge } from './status-badge'

export const metadata: Metadata = { title: 'Dev mailbox', robots: { index: false } }
export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

/** Every email the app wrote, newest first: only in a demo or `npm run dev`, and never beside real mail. */
export default async function MailboxPage({ searchParams }: Props) {
  if (!isDevMailboxEnabled(getEnv())) notFound()
  const params = await searchParams
  const to = typeof params.to === 'string' && params.to.trim() ? params.to.trim() : undefined
  const emails = await listMailbox(getDb(), { to })

  return (
    <main className="mx-auto max-w-5xl px-6 py-10">
      <h1 className="text-2xl font-semibold text-slate-900">Dev mailbox</h1>
      <p className="mt-2 text-sm text-slate-600">
        This is a demo: no SMTP server is set (SMTP_URL), so emails are kept here instead of sent. Anyone who can reach this
        server can read them. The newest {MAILBOX_PAGE_SIZE} are listed.
      </p>

      <form className="mt-6 flex flex-wrap items-end gap-2" action="/dev/mailbox" method="get" role="search">
        <div className="flex flex-col">
          <label htmlFor="mailbox-to" className="text-sm font-medium text-slate-700">
            Recipient
          </label>
          <input
            id="mailbox-to"
            name="to"
            type="email"
            defaultValue={to ?? ''}
            placeholder="someone@example.com"
            className="mt-1 w-72 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm focus:outline-2 focus:outline-offset-1 focus:outline-slate-900"
          />
        </div>
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
          Filter
        </button>
        {to && (
          <Link href="/dev/mailbox" className="px-2 py-1.5 text-sm text-slate-700 underline hover:text-slate-900">
            Show all
          </Link>
        )}
      </form>

      <h2 className="mt-8 text-lg font-semibold text-slate-900">{to ? `Emails to ${to}` : 'All emails'}</h2>
      {emails.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">No emails yet.</p>
      ) : (
        <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Emails, newest first</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Subject</th>
                <th scope="col" className="px-4 py-2 font-medium">To</th>
                <th scope="col" className="px-4 py-2 font-medium">Written</th>
                <th scope="col" className="px-4 py-2 font-medium">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {emails.map((email) => (
                <tr key={email.id} className="hover:bg-slate-50">
                  <td className="px-4 py-2">
                    <Link href={`/dev/mailbox/${encodeURIComponent(email.id)}`} className="font-medium text-slate-900 underline-offset-2 hover:underline">
                      {email.subject}
                    </Link>
                  </td>
                  <td className="px-4 py-2 text-slate-700">{email.to}</td>
                  <td className="px-4 py-2 whitespace-nowrap text-slate-600">
                    <time dateTime={email.createdAt.toISOString()}>{formatTime(email.createdAt)}</time>
                  </td>
                  <td className="px-4 py-2">
                    <StatusBadge status={email.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  )
}
