// `npm run dev` / `npm start`. With DATABASE_URL set, runs Next.js against that server and starts
// nothing else. Without it, starts the embedded PostgreSQL (PGlite, data in .data/pglite or
// $TRANCHE_DATA_DIR/pglite), migrates
// and seeds it on first start, turns on demo sign-in, and prints the URL and demo accounts.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { startEmbeddedPostgres } from '../src/server/db/embedded'
import { migrate } from '../src/server/db/migrate'
import { DEMO_ACCOUNTS } from '../src/server/auth/demo-accounts'

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
  const embedded = await startEmbeddedPostgres({ dataDir: `${dataDir}/pglite`, port: Number(process.env.EMBEDDED_DB_PORT ?? 0) })
  stopEmbedded = embedded.stop
  env.DATABASE_URL = embedded.url
  env.DEMO_MODE ??= '1'
  // PGlite answers one query at a time; a few hundred ms is normal there, not worth a warning.
  env.DB_SLOW_QUERY_MS ??= '2000'
  env.NEXTAUTH_SECRET ??= localSecret()
  await migrate({ connectionString: embedded.url, migrationsDir: 'prisma/migrations' })
  console.log(`\n  Embedded PostgreSQL (PGlite) on ${embedded.url}`)
  // The seed runs the app's own services in a child process with the app's environment. It must
  // not block: this process serves the embedded database the seed talks to.
  await run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'prisma/seed.ts'], env)
} else if (mode === 'dev') {
  env.NEXTAUTH_SECRET ??= localSecret()
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
