import 'server-only'
import { z } from 'zod'

/**
 * The one place the server reads the environment. Parsed once with zod at boot
 * (instrumentation.ts calls getEnv), so a bad deployment fails fast and names the bad variables.
 * Safe by default: an unset NODE_ENV counts as production, and nothing that opens the app up
 * (demo sign-in, the dev mailbox, plain http) is on unless a variable turns it on.
 */
/**
 * 120 writes a minute is two a second for a whole minute: far beyond a person in the pages, enough
 * for a script; a runaway client is stopped within a minute.
 */
export const WRITES_PER_MINUTE_DEFAULT = 120
/** Ten new counterparts an hour covers onboarding a team; a spammer mailing strangers gets ten. */
export const INVITES_PER_HOUR_DEFAULT = 10
/**
 * How long one app instance trusts a session check it made (src/server/auth/session-check-cache.ts).
 * 10 seconds spares the database a query on almost every request of someone working in the app (a
 * page and its API calls come in bursts), and is the longest a session signed out on another
 * instance keeps working on this one: short next to a stolen cookie's 8-hour idle limit, and over
 * before a person who pressed "Sign out everywhere" on one device can pick up another. The instance
 * that handles a sign-out forgets its verdicts at once (docs/decisions/014).
 */
export const SESSION_CHECK_CACHE_MS_DEFAULT = 10_000

const flag = () => z.enum(['0', '1']).default('0').transform((v) => v === '1')
const webUrl = () => z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })

const envSchema = z
  .object({
    /** `next dev` sets development, `next start` production, Vitest test; anything else runs as production. */
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
    /** Unset: email waits in the outbox (or, in a demo, goes to the dev mailbox) instead of being sent. */
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
    MAIL_FROM: z.string().min(3).default('Tranche <no-reply@tranche.localhost>'),
    /** The public base URL, used for the links in emails and the same-origin checks. */
    APP_URL: webUrl().default('http://localhost:3000'),
    /** next-auth's own copy of the public URL (the launcher sets it to APP_URL). */
    NEXTAUTH_URL: webUrl().optional(),
    /** Encrypts session cookies; at least 32 characters. Required everywhere but `npm run dev`. */
    NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)').optional(),
    /**
     * R21: the accounts that decide escalated disputes, as a comma-separated list of email
     * addresses (case does not matter). With DEMO_MODE=1 operator@example.com is one too.
     */
    OPERATOR_EMAILS: z
      .string()
      .transform((list) => list.split(',').map((e) => e.trim().toLowerCase()).filter((e) => e !== ''))
      .pipe(z.array(z.email({ error: 'must be a comma-separated list of email addresses' }).max(254)))
      .default([]),
    /** "1" enables one-click demo sign-in for the seeded accounts (and, without SMTP, the dev mailbox). */
    DEMO_MODE: flag(),
    /**
     * "1" lets a production start serve plain http (APP_URL http://…) with cookies that are not
     * Secure: for local test runs on http://localhost only, never for a reachable deployment.
     */
    ALLOW_INSECURE_HTTP: flag(),
    /**
     * How many reverse proxies in front of the app append to X-Forwarded-For. 0: the header is
     * ignored and the client is the TCP peer; a client can write anything into that header.
     */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** API writes per minute per user (or token); shared by every instance. See api-rate-limit.ts. */
    WRITE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(WRITES_PER_MINUTE_DEFAULT),
    /** Contracts per hour per user whose expert is someone the user never had a contract with (each emails a stranger). */
    INVITE_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(INVITES_PER_HOUR_DEFAULT),
    /** Pool size per app instance; PostgreSQL's max_connections is shared by every instance. */
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
    /** No statement may run longer; a stuck query fails instead of holding a connection. */
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
    /**
     * "1" lets webhooks (R23) go to loopback, private and link-local addresses, and plain http to
     * loopback: for tests and local demos whose receiver runs on this machine. Off, only public
     * https endpoints are accepted (the SSRF guard, src/server/webhooks/url-policy.ts).
     */
    WEBHOOK_ALLOW_PRIVATE: flag(),
    /** Queries slower than this are logged. */
    DB_SLOW_QUERY_MS: z.coerce.number().int().min(1).default(200),
    /**
     * "1" mounts the benchmark's framework-floor routes (/api/bench/*, used by `npm run bench`):
     * they replay recorded SQL with no session, so a production start allows them only with
     * ALLOW_INSECURE_HTTP=1 (local runs). Off, they answer the 404 of any unknown API path.
     */
    BENCH_ROUTES: flag(),
    /** The JSON file of statements the bench routes replay (bench/run.ts writes it). */
    BENCH_STATEMENTS_FILE: z.string().optional(),
    /**
     * How long an instance trusts a session check it made (0: never, every request queries). The
     * longest a session signed out on another instance keeps working here; at most a minute.
     * See src/server/auth/session-check-cache.ts and docs/decisions/014.
     */
    SESSION_CHECK_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(SESSION_CHECK_CACHE_MS_DEFAULT),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'development' && !env.NEXTAUTH_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['NEXTAUTH_SECRET'], message: 'is required outside `npm run dev` (at least 32 random characters: openssl rand -base64 32)' })
    }
    if (env.NODE_ENV !== 'production' || env.ALLOW_INSECURE_HTTP) return
    if (env.BENCH_ROUTES) {
      ctx.addIssue({ code: 'custom', path: ['BENCH_ROUTES'], message: 'runs SQL for anyone: a production start allows it only with ALLOW_INSECURE_HTTP=1 (local benchmark runs)' })
    }
    for (const name of ['APP_URL', 'NEXTAUTH_URL'] as const) {
      if (env[name]?.startsWith('http://')) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'must be an https:// URL in production (ALLOW_INSECURE_HTTP=1 allows http for local test runs only)' })
      }
    }
  })

export type Env = z.infer<typeof envSchema>

let cached: Env | undefined

/**
 * Validates `source` (the launcher checks the environment it will pass on); throws naming every
 * bad variable. An empty value counts as unset, so a copied `.env.example` with `SMTP_URL=` means
 * "no SMTP", not an invalid URL.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const set = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = envSchema.safeParse(set)
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

/**
 * Whether browsers reach the app over https: every production run unless ALLOW_INSECURE_HTTP=1
 * (whatever APP_URL says, so a typo cannot turn Secure cookies off), elsewhere an https APP_URL.
 * Decides Secure cookies (and their __Secure-/__Host- names) and HSTS.
 */
export function isServedOverHttps(env: Pick<Env, 'NODE_ENV' | 'ALLOW_INSECURE_HTTP' | 'APP_URL'>): boolean {
  return env.NODE_ENV === 'production' ? !env.ALLOW_INSECURE_HTTP : env.APP_URL.startsWith('https://')
}
