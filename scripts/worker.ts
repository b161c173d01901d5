// `npm run worker`: the outbox worker on its own, for deployments that run it beside (or instead
// of) the one inside each app process. Several may run at once: rows are claimed with SKIP LOCKED.
// Reads the same environment as the app (DATABASE_URL, SMTP_URL, MAIL_FROM, ...).
import { getDb } from '../src/server/db/client'
import { getEnv } from '../src/server/env'
import { startOutboxWorker } from '../src/server/mail/worker'

let env: ReturnType<typeof getEnv>
try {
  env = getEnv()
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
const db = getDb()
const worker = startOutboxWorker({ db })
if (!worker) process.exit(1)
console.log(`Outbox worker running: ${env.SMTP_URL ? 'sending through SMTP_URL' : 'delivering to the dev mailbox (no SMTP_URL)'}.`)

let stopping = false
async function shutdown() {
  if (stopping) return
  stopping = true
  // Finish the batch in hand, so no claimed row waits out its lease.
  await worker?.stop()
  await db.$disconnect()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
