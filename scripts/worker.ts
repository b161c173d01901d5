// `npm run worker`: the job worker on its own (emails, due timers: auto-releases, reminders,
// expiries), for deployments that run it beside (or instead of) the one inside each app process.
// Several may run at once: jobs are claimed with SKIP LOCKED. Reads the same environment as the
// app (DATABASE_URL, SMTP_URL, MAIL_FROM, DEMO_MODE, ...).
import { getDb } from '../src/server/db/client'
import { getEnv } from '../src/server/env'
import { startJobWorker } from '../src/server/jobs/worker'

let env: ReturnType<typeof getEnv>
try {
  env = getEnv()
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
const db = getDb()
const worker = startJobWorker({ db })
console.log(`Job worker running: emails ${env.SMTP_URL ? 'through SMTP_URL' : 'to the dev mailbox where enabled'}, due timers on the application clock.`)

let stopping = false
async function shutdown() {
  if (stopping) return
  stopping = true
  // Finish the batch in hand, so no claimed job waits out its lease.
  await worker.stop()
  await db.$disconnect()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
