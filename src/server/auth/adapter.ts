import 'server-only'
import type { Adapter, AdapterAccount, AdapterUser, VerificationToken } from 'next-auth/adapters'
import { Prisma } from '@/generated/prisma/client'
import type { Db } from '../db/client'
import { logSecurityEvent } from '../security-log'
import { sessionChecks } from './session-check-cache'

/** A user as next-auth sees it, plus the epoch the jwt callback checks. */
export type TrancheAdapterUser = AdapterUser & { name: string | null; sessionEpoch: number }

const USER_FIELDS = { id: true, email: true, name: true, image: true, emailVerified: true, sessionEpoch: true } as const

/**
 * The part of next-auth's adapter contract that the Email provider uses with JWT sessions, over
 * our generated Prisma client (`@auth/prisma-adapter` does not support Prisma 7's client yet).
 * Session methods are absent on purpose: sessions are JWT cookies, not rows.
 */
export function createPrismaAdapter(db: Db): Adapter {
  return {
    async createUser(user: Omit<AdapterUser, 'id'>) {
      // Upsert: two links for a new address used at once must not fail the second sign-in.
      return db.user.upsert({
        where: { email: user.email },
        create: { email: user.email, name: user.name ?? null, image: user.image ?? null, emailVerified: user.emailVerified },
        update: { emailVerified: user.emailVerified },
        select: USER_FIELDS,
      }) satisfies Promise<TrancheAdapterUser>
    },

    async getUser(id) {
      return db.user.findUnique({ where: { id }, select: USER_FIELDS })
    },

    async getUserByEmail(email) {
      return db.user.findUnique({ where: { email }, select: USER_FIELDS })
    },

    async getUserByAccount({ provider, providerAccountId }) {
      const account = await db.account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        select: { user: { select: USER_FIELDS } },
      })
      return account?.user ?? null
    },

    async updateUser({ id, name, email, image, emailVerified }) {
      const user = await db.user.update({ where: { id }, data: { name, email, image, emailVerified }, select: USER_FIELDS })
      // The session check hands out the user's email and name: no remembered copy of the old ones.
      sessionChecks().forgetUser(id)
      return user
    },

    async linkAccount(account: AdapterAccount) {
      await db.account.create({
        data: {
          userId: account.userId,
          type: account.type,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          refresh_token: account.refresh_token ?? null,
          access_token: account.access_token ?? null,
          expires_at: account.expires_at ?? null,
          token_type: account.token_type ?? null,
          scope: account.scope ?? null,
          id_token: account.id_token ?? null,
          session_state: account.session_state ?? null,
        },
      })
    },

    async createVerificationToken(token: VerificationToken) {
      // next-auth hands us the token already hashed with the secret; the raw one is only in the email.
      return db.verificationToken.create({ data: token })
    },

    /**
     * Spends a token: the delete is the check, so of two concurrent uses only one gets the row.
     * An expired token is deleted too, and refused (next-auth checks expiry again).
     */
    async useVerificationToken({ identifier, token }) {
      const used = await db.verificationToken.delete({ where: { token } }).catch((error: unknown) => {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') return null
        throw error
      })
      if (!used || (identifier !== undefined && used.identifier !== identifier) || used.expires.getTime() <= Date.now()) {
        logSecurityEvent({ event: 'auth.sign_in_refused', provider: 'email', reason: 'LINK_INVALID_OR_EXPIRED' })
        return null
      }
      return used
    },
  }
}
