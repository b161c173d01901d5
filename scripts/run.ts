// `npm run dev` / `npm start` (add `-- --check` to validate the configuration and exit).
// First reads the .env files exactly as Next.js does (real variables win, .env.local over .env),
// so what is written there decides. With DATABASE_URL it runs Next.js against that server and
// starts nothing else. Without it, it starts the embedded PostgreSQL server (data in .data/postgres
// or $TRANCHE_DATA_DIR/postgres, on a free port), migrates and seeds it on first start, and runs as
// a local demo. Either way the environment is validated before anything is served: a bad one exits
// non-zero with the reason. See src/server/launch-plan.ts for the rules.
import nextEnv from '@next/env'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { startEmbeddedPostgres } from '../src/server/db/embedded'
import { migrate } from '../src/server/db/migrate'
import { parseEnv, type Env } from '../src/server/env'
import { describeLaunch, planLaunch, startWarnings } from '../src/server/launch-plan'

const mode = process.argv[2] === 'start' ? 'start' : 'dev'
const checkOnly = process.argv.includes('--check')

const { loadedEnvFiles } = nextEnv.loadEnvConfig(process.cwd(), mode === 'dev', { info: () => {}, error: console.error })
const plan = planLaunch(mode, process.env)
const { env } = plan
if (loadedEnvFiles.length > 0) console.log(`  Read ${loadedEnvFiles.map((file) => file.path).join(', ')}`)
if (env.DEV_MAILBOX) console.warn('  DEV_MAILBOX is no longer read: the dev mailbox is on only in a demo (DEMO_MODE=1) or `npm run dev` without SMTP_URL.')

if (plan.generateSecret && !checkOnly) env.NEXTAUTH_SECRET = localSecret(`${plan.dataDir}/nextauth-secret`)
const config = checkEnv({
  ...env,
  ...(plan.embedded ? { DATABASE_URL: 'postgresql://embedded' } : {}),
  // --check writes nothing: a secret this run would generate is validated as present.
  ...(plan.generateSecret && checkOnly ? { NEXTAUTH_SECRET: 'x'.repeat(32) } : {}),
})
for (const line of describeLaunch(plan, config)) console.log(line)
for (const line of startWarnings(config)) console.warn(line)
if (checkOnly) process.exit(0)

if (mode === 'start' && !existsSync('.next/BUILD_ID')) {
  console.error('No production build found: run `npm run build` first.')
  process.exit(1)
}

let stopEmbedded: (() => Promise<void>) | undefined
if (plan.embedded) {
  const embedded = await startEmbeddedPostgres({ dataDir: `${plan.dataDir}/postgres`, port: Number(env.EMBEDDED_DB_PORT || 0) })
  stopEmbedded = embedded.stop
  env.DATABASE_URL = embedded.url
  await migrate({ connectionString: embedded.url, migrationsDir: 'prisma/migrations' })
  console.log(`\n  Embedded PostgreSQL on ${embedded.url.replace(/:[^:@/]+@/, ':***@')}`)
  await run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'prisma/seed.ts'], env)
}

const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', mode, '-p', plan.port], { stdio: 'inherit', env })
const shutdown = () => child.kill('SIGTERM')
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
child.on('exit', async (code) => {
  await stopEmbedded?.()
  process.exit(code ?? 0)
})

/** Exits non-zero, naming every bad variable, before anything starts or is served. */
function checkEnv(candidate: Record<string, string | undefined>): Env {
  try {
    return parseEnv(candidate)
  } catch (error) {
    console.error((error as Error).message)
    process.exit(1)
  }
}

function run(command: string, args: string[], childEnv: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    spawn(command, args, { stdio: 'inherit', env: childEnv }).on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.at(-1)} exited with ${code}`)),
    )
  })
}

/** A per-checkout session secret for `npm run dev` and the local demo, kept beside the embedded data (git-ignored). */
function localSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(plan.dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}
