import 'server-only'
import { DEMO_ACCOUNTS } from './auth/demo-accounts'
import { isServedOverHttps, type Env } from './env'
import { isDevMailboxEnabled } from './mail/transport'

/**
 * What `npm run dev` / `npm start` (scripts/run.ts) decide before anything starts, as a pure
 * function of the mode and the environment (the real one merged with the .env files, which the
 * launcher reads first). Kept apart from the launcher so every rule below is unit-tested.
 */
export type LaunchMode = 'dev' | 'start'

export type LaunchPlan = {
  mode: LaunchMode
  /** The environment the app, the seed and the migrations run with (defaults filled in). */
  env: NodeJS.ProcessEnv
  /** No DATABASE_URL: the embedded PostgreSQL server in `dataDir`/postgres. */
  embedded: boolean
  /** No NEXTAUTH_SECRET, and this run may make one up (kept in `dataDir`/nextauth-secret). */
  generateSecret: boolean
  dataDir: string
  port: string
}

/**
 * - NODE_ENV follows the mode (`next start` is production, `next dev` development).
 * - No DATABASE_URL: the embedded server, and demo sign-in on unless DEMO_MODE says otherwise.
 * - A session secret is made up only for `npm run dev` or the embedded local demo; any other start
 *   (a DATABASE_URL, or DEMO_MODE=0) must be given one, or the environment check stops it.
 * - Plain http is allowed by default only for the embedded local demo on a loopback address; a
 *   production start anywhere else needs https or an explicit ALLOW_INSECURE_HTTP=1.
 */
export function planLaunch(mode: LaunchMode, source: Record<string, string | undefined>): LaunchPlan {
  const env: NodeJS.ProcessEnv = { ...source, NODE_ENV: mode === 'start' ? 'production' : 'development' }
  const port = env.PORT || '3000'
  const dataDir = env.TRANCHE_DATA_DIR || '.data'
  env.PORT = port
  env.APP_URL ||= `http://localhost:${port}`
  env.NEXTAUTH_URL ||= env.APP_URL
  env.NEXT_TELEMETRY_DISABLED ||= '1'
  const embedded = !env.DATABASE_URL
  if (embedded) env.DEMO_MODE ||= '1'
  const localDemo = embedded && env.DEMO_MODE === '1'
  if (mode === 'start' && localDemo && isLoopbackHttp(env.APP_URL)) env.ALLOW_INSECURE_HTTP ||= '1'
  const generateSecret = !env.NEXTAUTH_SECRET && (mode === 'dev' || localDemo)
  return { mode, env, embedded, generateSecret, dataDir, port }
}

function isLoopbackHttp(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url)
    return protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(hostname)
  } catch {
    return false
  }
}

/** What the launcher prints before serving: where data, mail and the secret come from. */
export function describeLaunch(plan: LaunchPlan, env: Env): string[] {
  const mailbox = isDevMailboxEnabled(env)
  return [
    `Tranche (${plan.mode === 'start' ? 'npm start' : 'npm run dev'}): ${env.APP_URL}`,
    `  database: ${plan.embedded ? `embedded PostgreSQL in ${plan.dataDir}/postgres` : `DATABASE_URL (${hostOf(env.DATABASE_URL)})`}`,
    `  demo sign-in: ${env.DEMO_MODE ? `on (${DEMO_ACCOUNTS.join(', ')})` : 'off'}`,
    `  email: ${env.SMTP_URL ? `SMTP (${hostOf(env.SMTP_URL)})` : mailbox ? `kept in the dev mailbox at ${env.APP_URL}/dev/mailbox` : 'waits in the outbox until SMTP_URL is set'}`,
    `  session secret: ${plan.generateSecret ? `generated, kept in ${plan.dataDir}/nextauth-secret` : 'NEXTAUTH_SECRET'}`,
    `  cookies: ${isServedOverHttps(env) ? 'Secure (https)' : 'not Secure (plain http)'}`,
  ]
}

/**
 * The banner `npm start` prints when the instance is open to whoever reaches it: demo sign-in,
 * the dev mailbox, plain http. Empty for a real deployment.
 */
export function startWarnings(env: Env): string[] {
  if (env.NODE_ENV !== 'production') return []
  const lines: string[] = []
  if (env.DEMO_MODE) lines.push('DEMO_MODE=1: anyone who can reach this server can sign in as the demo accounts.')
  if (isDevMailboxEnabled(env)) lines.push('The dev mailbox is on (/dev/mailbox): it shows every email, sign-in links included, to anyone.')
  if (env.ALLOW_INSECURE_HTTP) lines.push('ALLOW_INSECURE_HTTP=1: plain http, and session cookies without Secure.')
  if (env.WEBHOOK_ALLOW_PRIVATE) lines.push('WEBHOOK_ALLOW_PRIVATE=1: any user can make this server send requests into its own network.')
  if (lines.length === 0) return []
  const rule = '!'.repeat(100)
  return [rule, '!! WARNING: this instance is a local demo or test run. Never expose it to a network you do not trust.', ...lines.map((line) => `!! ${line}`), rule]
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).host : ''
  } catch {
    return 'unparsable'
  }
}
