import { PHASE_PRODUCTION_BUILD } from 'next/constants'

/** Runs once when a server instance boots: fail fast on a bad environment, then start the outbox worker. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getEnv } = await import('./server/env')
    try {
      getEnv()
    } catch (error) {
      // A server that cannot read its configuration must not serve bare 500s: stop it here.
      console.error((error as Error).message)
      process.exit(1)
    }
    // Not while `next build` prerenders: the worker belongs to a serving process only.
    if (process.env.NEXT_PHASE !== PHASE_PRODUCTION_BUILD) {
      const [{ getDb }, { startOutboxWorker }] = await Promise.all([import('./server/db/client'), import('./server/mail/worker')])
      startOutboxWorker({ db: getDb() })
    }
  }
}
