import type { Metadata } from 'next'
import Link from 'next/link'

export const metadata: Metadata = { title: 'Check your email' }

export default function CheckEmailPage() {
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <h1 className="text-2xl font-semibold text-slate-900">Check your email</h1>
      <p className="mt-4 text-slate-700">
        We sent you a sign-in link. Open it on this device and press <strong>Sign in</strong>.
      </p>
      <p className="mt-2 text-slate-700">The link works once and expires in 10 minutes.</p>
      <p className="mt-8 text-sm text-slate-600">
        No email? Check your spam folder, or{' '}
        <Link href="/signin" className="font-medium text-slate-900 underline underline-offset-2">
          request a new link
        </Link>
        .
      </p>
    </main>
  )
}
