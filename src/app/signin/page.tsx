import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { DEMO_ACCOUNTS } from '@/server/auth/demo-accounts'
import { DEFAULT_CALLBACK_PATH, toSafeCallbackPath } from '@/server/auth/safe-callback'
import { getActor } from '@/server/auth/session'
import { getEnv } from '@/server/env'
import { SignInForm } from './sign-in-form'

export const metadata: Metadata = { title: 'Sign in' }

/** next-auth's error codes that reach this page, in the product's words. */
const ERRORS: Record<string, string> = {
  Verification: 'That sign-in link has expired or was already used. Request a new one below.',
  EmailSignin: 'We could not send a sign-in link to that address. Check it and try again.',
  CredentialsSignin: 'Demo sign-in works only for the demo accounts.',
  AccessDenied: 'That account cannot sign in.',
  SessionRequired: 'Sign in to continue.',
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams
  const env = getEnv()
  const callbackPath = toSafeCallbackPath(first(params.callbackUrl), env.APP_URL) ?? DEFAULT_CALLBACK_PATH
  const errorCode = first(params.error)
  const error = errorCode ? (ERRORS[errorCode] ?? 'Sign-in did not work. Try again.') : null

  if (!error && (await getActor())) redirect(callbackPath)

  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <h1 className="text-2xl font-semibold text-slate-900">Sign in to Tranche</h1>
      {error && (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <div className="mt-6">
        <SignInForm callbackPath={callbackPath} demoAccounts={env.DEMO_MODE ? DEMO_ACCOUNTS : []} />
      </div>
    </main>
  )
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
