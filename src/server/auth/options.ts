import 'server-only'
import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import EmailProvider from 'next-auth/providers/email'
import { getDb, type Db } from '../db/client'
import { getEnv, isServedOverHttps, type Env } from '../env'
import { createPrismaAdapter } from './adapter'
import { DEMO_ACCOUNTS } from './demo-accounts'
import { normalizeEmail } from './email-address'
import { DEFAULT_CALLBACK_PATH, toSafeCallbackPath } from './safe-callback'
import { createSendVerificationRequest } from './sign-in-email'

declare module 'next-auth' {
  // next-auth's types are interfaces; declaration merging needs the same kind.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Session {
    user: { id: string; email: string; name: string | null }
  }
}

declare module 'next-auth/jwt' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface JWT {
    /** The user's sessionEpoch when this cookie was minted. */
    epoch?: number
  }
}

/** Sessions end after 8 hours without activity: long enough for a working day, short for a stolen cookie. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60
/** A session read re-issues the cookie at most this often, rolling the 8 hours forward. */
export const SESSION_UPDATE_AGE_SECONDS = 15 * 60
/** A magic link is good for 10 minutes (and once). */
export const MAGIC_LINK_MAX_AGE_SECONDS = 10 * 60

/** Thrown by the jwt callback for a cookie minted before "sign out everywhere"; next-auth then clears it. */
export class SessionRevokedError extends Error {
  override name = 'SessionRevokedError'
  constructor() {
    super('The session was signed out everywhere or the user no longer exists.')
  }
}

/** An address the sign-in form should not have let through: the user's mistake, not a fault. */
class InvalidEmailError extends Error {
  override name = 'InvalidEmailError'
}

type AuthEnv = Pick<Env, 'NEXTAUTH_SECRET' | 'DEMO_MODE' | 'APP_URL' | 'NODE_ENV' | 'ALLOW_INSECURE_HTTP'>

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
      if (!email || !demoAccounts.includes(email)) return null
      const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true } })
      return user ?? null
    },
  })

  return {
    secret: env.NEXTAUTH_SECRET,
    adapter: createPrismaAdapter(db),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    // HttpOnly and SameSite=Lax are next-auth's defaults; Secure and the __Secure-/__Host- prefixes
    // are on in every production run (only ALLOW_INSECURE_HTTP=1, for local http tests, turns them off).
    useSecureCookies: isServedOverHttps(env),
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
      async jwt({ token, user }) {
        const userId = user?.id ?? token.sub
        if (!userId) throw new SessionRevokedError()
        const current = await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true, sessionEpoch: true } })
        if (!current) throw new SessionRevokedError()
        if (user) {
          token.epoch = current.sessionEpoch
        } else if (token.epoch !== current.sessionEpoch) {
          throw new SessionRevokedError()
        }
        token.sub = userId
        token.email = current.email
        token.name = current.name
        return token
      },
      session({ session, token }) {
        return { ...session, user: { id: token.sub ?? '', email: token.email ?? '', name: token.name ?? null } }
      },
      redirect({ url, baseUrl }) {
        return `${baseUrl}${toSafeCallbackPath(url, baseUrl) ?? DEFAULT_CALLBACK_PATH}`
      },
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
