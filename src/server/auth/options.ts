import 'server-only'
import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import EmailProvider from 'next-auth/providers/email'
import { getDb, type Db } from '../db/client'
import { MAGIC_LINK_MAX_AGE_SECONDS } from '../mail/redact'
import { getEnv, isServedOverHttps, type Env } from '../env'
import { logSecurityEvent } from '../security-log'
import { createPrismaAdapter } from './adapter'
import { DEMO_ACCOUNTS } from './demo-accounts'
import { normalizeEmail } from './email-address'
import { DEFAULT_CALLBACK_PATH, toSafeCallbackPath } from './safe-callback'
import { createJwtCallback, revokeSession, SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS, SessionRevokedError } from './session-token'
import { createSendVerificationRequest } from './sign-in-email'

declare module 'next-auth' {
  // next-auth's types are interfaces; declaration merging needs the same kind.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Session {
    user: { id: string; email: string; name: string | null }
  }
}

/** A magic link is good for 10 minutes (and once). */
export { MAGIC_LINK_MAX_AGE_SECONDS }

/** An address the sign-in form should not have let through: the user's mistake, not a fault. */
class InvalidEmailError extends Error {
  override name = 'InvalidEmailError'
}

/**
 * next-auth names its session and callback cookies __Secure-; __Host- also pins them to this host
 * and path / (no Domain attribute can be set or forged by a sibling subdomain), ASVS 3.3.3.
 */
const hostOnly = { httpOnly: true, sameSite: 'lax', path: '/', secure: true } as const
const HOST_ONLY_COOKIES = {
  sessionToken: { name: '__Host-next-auth.session-token', options: hostOnly },
  callbackUrl: { name: '__Host-next-auth.callback-url', options: hostOnly },
}

type AuthEnv = Pick<Env, 'NEXTAUTH_SECRET' | 'DEMO_MODE' | 'APP_URL' | 'NODE_ENV' | 'ALLOW_INSECURE_HTTP'>

/** The session cookie's name as next-auth sets it with the options below (getActor reads it itself). */
export function sessionCookieName(env: Pick<Env, 'NODE_ENV' | 'ALLOW_INSECURE_HTTP' | 'APP_URL'>): string {
  // Without `cookies`, next-auth's default for useSecureCookies false: no prefix.
  return isServedOverHttps(env) ? HOST_ONLY_COOKIES.sessionToken.name : 'next-auth.session-token'
}

/**
 * next-auth's configuration. Built from explicit `db` and `env` (and, for tests, the demo account
 * list) so tests can build it with demo mode on or off; the app uses `getAuthOptions()`.
 */
export function createAuthOptions({
  db,
  env,
  demoAccounts = DEMO_ACCOUNTS,
}: {
  db: Db
  env: AuthEnv
  demoAccounts?: readonly string[]
}): NextAuthOptions {
  const demoProvider = CredentialsProvider({
    id: 'demo',
    name: 'Demo account',
    credentials: { email: { label: 'Email', type: 'email' } },
    async authorize(credentials) {
      const email = normalizeEmail(credentials?.email)
      const user = email && demoAccounts.includes(email) ? await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true } }) : null
      if (!user) logSecurityEvent({ event: 'auth.sign_in_refused', provider: 'demo', reason: 'NOT_A_DEMO_ACCOUNT' })
      return user
    },
  })

  return {
    secret: env.NEXTAUTH_SECRET,
    adapter: createPrismaAdapter(db),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    // HttpOnly and SameSite=Lax are next-auth's defaults; Secure and the __Host- prefixes are on in
    // every production run (only ALLOW_INSECURE_HTTP=1, for local http tests, turns them off).
    useSecureCookies: isServedOverHttps(env),
    cookies: isServedOverHttps(env) ? HOST_ONLY_COOKIES : undefined,
    providers: [
      EmailProvider({
        maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
        normalizeIdentifier(identifier) {
          const email = normalizeEmail(identifier)
          if (!email) throw new InvalidEmailError('Not a valid email address.')
          return email
        },
        sendVerificationRequest: createSendVerificationRequest({ db, appUrl: env.APP_URL }),
      }),
      ...(env.DEMO_MODE ? [demoProvider] : []),
    ],
    pages: { signIn: '/signin', verifyRequest: '/signin/check-email', error: '/signin' },
    callbacks: {
      jwt: createJwtCallback(db),
      session({ session, token }) {
        return { ...session, user: { id: token.sub ?? '', email: token.email ?? '', name: token.name ?? null } }
      },
      redirect({ url, baseUrl }) {
        return `${baseUrl}${toSafeCallbackPath(url, baseUrl) ?? DEFAULT_CALLBACK_PATH}`
      },
    },
    events: {
      signIn({ user, account }) {
        logSecurityEvent({ event: 'auth.sign_in', userId: user.id, provider: account?.provider ?? 'unknown' })
      },
      // Sessions are JWT cookies: without this, "Sign out" would only clear this browser's copy.
      signOut: ({ token }) => revokeSession(db, token),
    },
    logger: {
      error(code, metadata) {
        // A revoked cookie is the feature working, not a fault.
        if (metadata instanceof SessionRevokedError) return
        if (metadata && typeof metadata === 'object' && 'error' in metadata && metadata.error instanceof InvalidEmailError) return
        console.error(`[next-auth] ${code}`, metadata)
      },
      warn(code) {
        console.warn(`[next-auth] ${code}`)
      },
      debug() {},
    },
  }
}

let cached: NextAuthOptions | undefined

/** The app's next-auth configuration, built on first use (not at import, so builds need no env). */
export function getAuthOptions(): NextAuthOptions {
  cached ??= createAuthOptions({ db: getDb(), env: getEnv() })
  return cached
}
