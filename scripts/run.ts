// `npm run dev` / `npm start`. With DATABASE_URL set, runs Next.js against that server and starts
// nothing else. Without it, starts the embedded PostgreSQL server (data in .data/postgres or
// $TRANCHE_DATA_DIR/postgres, on a free port), migrates and seeds it on first start, turns on demo
// sign-in, and prints the URL and demo accounts. Either way the environment is validated before
// anything is served: a bad one exits non-zero with the reason.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { startEmbeddedPostgres } from '../src/server/db/embedded'
import { migrate } from '../src/server/db/migrate'
import { DEMO_ACCOUNTS } from '../src/server/auth/demo-accounts'
import { parseEnv } from '../src/server/env'

const mode = process.argv[2] === 'start' ? 'start' : 'dev'
const dataDir = process.env.TRANCHE_DATA_DIR ?? '.data'
const port = process.env.PORT ?? '3000'
const env: NodeJS.ProcessEnv = { ...process.env, PORT: port }
env.APP_URL ??= `http://localhost:${port}`
env.NEXTAUTH_URL ??= env.APP_URL
env.NEXT_TELEMETRY_DISABLED ??= '1'

if (mode === 'start' && !existsSync('.next/BUILD_ID')) {
  console.error('No production build found: run `npm run build` first.')
  process.exit(1)
}

let stopEmbedded: (() => Promise<void>) | undefined
if (!env.DATABASE_URL) {
  env.DEMO_MODE ??= '1'
  env.NEXTAUTH_SECRET ??= localSecret()
  checkEnv({ ...env, DATABASE_URL: 'postgresql://embedded' })
  const embedded = await startEmbeddedPostgres({ dataDir: `${dataDir}/postgres`, port: Number(process.env.EMBEDDED_DB_PORT ?? 0) })
  stopEmbedded = embedded.stop
  env.DATABASE_URL = embedded.url
  await migrate({ connectionString: embedded.url, migrationsDir: 'prisma/migrations' })
  console.log(`\n  Embedded PostgreSQL on ${embedded.url.replace(/:[^:@/]+@/, ':***@')}`)
  await run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'prisma/seed.ts'], env)
} else {
  if (mode === 'dev') env.NEXTAUTH_SECRET ??= localSecret()
  checkEnv(env)
}

console.log(`  Tranche: ${env.APP_URL}`)
if (env.DEMO_MODE === '1') console.log(`  Demo accounts (one click on the sign-in page): ${DEMO_ACCOUNTS.join(', ')}`)
if (!env.SMTP_URL) console.log(`  No SMTP_URL: emails are kept in the dev mailbox at ${env.APP_URL}/dev/mailbox\n`)

const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', mode, '-p', port], { stdio: 'inherit', env })
const shutdown = () => child.kill('SIGTERM')
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
child.on('exit', async (code) => {
  await stopEmbedded?.()
  process.exit(code ?? 0)
})

/** Exits non-zero, naming every bad variable, before anything starts or is served. */
function checkEnv(candidate: NodeJS.ProcessEnv) {
  try {
    parseEnv({ ...candidate, NODE_ENV: candidate.NODE_ENV ?? (mode === 'start' ? 'production' : 'development') })
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

/** A per-checkout session secret for local runs, kept beside the embedded data (git-ignored). */
function localSecret(): string {
  const file = `${dataDir}/nextauth-secret`
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}
