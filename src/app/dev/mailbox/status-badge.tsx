import type { MailboxStatus } from '@/server/mail/mailbox'

const LABELS: Record<MailboxStatus, { text: string; className: string }> = {
  SENT: { text: 'Sent', className: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20' },
  QUEUED: { text: 'Queued', className: 'bg-slate-100 text-slate-700 ring-slate-500/20' },
  RETRYING: { text: 'Retrying', className: 'bg-amber-50 text-amber-800 ring-amber-600/20' },
  EXPIRED: { text: 'Expired, not sent', className: 'bg-slate-100 text-slate-700 ring-slate-500/20' },
}

/** Whether the outbox worker has delivered the email yet (to SMTP, or to this mailbox). */
export function StatusBadge({ status }: { status: MailboxStatus }) {
  const { text, className } = LABELS[status]
  return <span className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${className}`}>{text}</span>
}

/** A UTC timestamp that reads the same for every viewer and every test run. */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`
}
