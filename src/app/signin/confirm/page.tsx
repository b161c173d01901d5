import type { Metadata } from 'next'
import Link from 'next/link'

/** The token is in this page's address: keep it out of referrers and search indexes. */
export const metadata: Metadata = { title: 'Confirm sign-in', referrer: 'no-referrer', robots: { index: false, follow: false } }

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

/**
 * Where the magic link lands. Loading this page spends nothing, so a mail scanner that fetches
 * the link leaves it usable; the button posts to next-auth's email callback, which spends the token.
 */
export default async function ConfirmSignInPage({ searchParams }: Props) {
  const params = await searchParams
  const token = first(params.token)
  const email = first(params.email)
  const callbackUrl = first(params.callbackUrl)

  if (!token || !email) {
    return (
      <main className="mx-auto max-w-md px-6 py-16">
        <h1 className="text-2xl font-semibold text-slate-900">This sign-in link is incomplete</h1>
        <p className="mt-4 text-slate-700">Copy the whole link from the email, or request a new one.</p>
        <Link href="/signin" className="mt-6 inline-block font-medium text-slate-900 underline underline-offset-2">
          Request a new link
        </Link>
      </main>
    )
  }

  const query = new URLSearchParams({ token, email, ...(callbackUrl ? { callbackUrl } : {}) })
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <h1 className="text-2xl font-semibold text-slate-900">Sign in to Tranche</h1>
      <p className="mt-4 text-slate-700">
        Sign in as <strong className="break-all">{email}</strong>?
      </p>
      <form method="post" action={`/api/auth/callback/email?${query}`} className="mt-6">
        <button
          type="submit"
          className="w-full rounded-md bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-slate-900 focus-visible:ring-offset-2"
        >
          Sign in
        </button>
      </form>
      <p className="mt-6 text-sm text-slate-600">The link works once and expires 10 minutes after it was sent.</p>
    </main>
  )
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
