/**
 * Browser side of next-auth's form API, the same requests next-auth/react's signIn/signOut make
 * (csrf token, then a form POST with json=true), but with every refusal reported back as a message
 * instead of a navigation: a 429 from our rate limit, a refused demo account, an unusable address.
 */
export type AuthPostResult = { ok: true; url: string } | { ok: false; message: string }

const ERROR_MESSAGES: Record<string, string> = {
  EmailSignin: 'We could not send a sign-in link to that address. Check it and try again.',
  CredentialsSignin: 'Demo sign-in works only for the demo accounts.',
  AccessDenied: 'That account cannot sign in.',
}
const FALLBACK_MESSAGE = 'Sign-in did not work. Try again in a moment.'

export async function postAuthForm(path: string, fields: Record<string, string>): Promise<AuthPostResult> {
  try {
    const csrf = (await (await fetch('/api/auth/csrf', { cache: 'no-store' })).json()) as { csrfToken?: string }
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, csrfToken: csrf.csrfToken ?? '', json: 'true' }),
    })
    const data = (await response.json().catch(() => null)) as { url?: string; error?: { message?: string } } | null
    if (data?.error?.message) return { ok: false, message: data.error.message }
    if (!data?.url) return { ok: false, message: FALLBACK_MESSAGE }
    const error = new URL(data.url, window.location.href).searchParams.get('error')
    if (error || !response.ok) return { ok: false, message: ERROR_MESSAGES[error ?? ''] ?? FALLBACK_MESSAGE }
    return { ok: true, url: data.url }
  } catch {
    return { ok: false, message: FALLBACK_MESSAGE }
  }
}
