import 'server-only'
import { z } from 'zod'

/**
 * The one place the server reads the environment. Parsed once with zod at boot
 * (instrumentation.ts calls getEnv), so a bad deployment fails fast and names the bad variables.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  /** Unset: email is kept for the dev mailbox instead of sent. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Tranche <no-reply@tranche.localhost>'),
  /** The public base URL, used for the links in emails. */
  APP_URL: z.url().default('http://localhost:3000'),
  /** Encrypts session cookies; at least 32 characters. Required in production; local runs generate one. */
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** "1" enables one-click demo sign-in for the seeded accounts. Never on unless set. */
  DEMO_MODE: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
  /** "1" serves the dev mailbox (/dev/mailbox) in production too, e.g. for the e2e tests; never on unless set. */
  DEV_MAILBOX: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
  /** Pool size per app instance; PostgreSQL's max_connections is shared by every instance. */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  /** No statement may run longer; a stuck query fails instead of holding a connection. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Queries slower than this are logged. */
  DB_SLOW_QUERY_MS: z.coerce.number().int().min(1).default(200),
}).refine((env) => env.NODE_ENV !== 'production' || env.NEXTAUTH_SECRET, {
  path: ['NEXTAUTH_SECRET'],
  message: 'is required in production',
})

export type Env = z.infer<typeof envSchema>

let cached: Env | undefined

/** Validates `source` (the launcher checks the environment it will pass on); throws naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid environment:\n${problems}`)
  }
  return parsed.data
}

/** The validated process environment, parsed once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}
