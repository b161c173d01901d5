import { PHASE_PRODUCTION_BUILD } from 'next/constants'

/**
 * Runs once when a server instance boots: fail fast on a bad environment, stamp each request with
 * its client address, then start the job worker (emails, due timers) and the maintenance job.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getEnv } = await import('./server/env')
    let env
    try {
      env = getEnv()
    } catch (error) {
      // A server that cannot read its configuration must not serve bare 500s: stop it here.
      console.error((error as Error).message)
      process.exit(1)
    }
    // Not while `next build` prerenders: these belong to a serving process only.
    if (process.env.NEXT_PHASE !== PHASE_PRODUCTION_BUILD) {
      const [{ installClientAddressStamp }, { getDb }, { startJobWorker }, { startMaintenance }] = await Promise.all([
        import('./server/client-address'),
        import('./server/db/client'),
        import('./server/jobs/worker'),
        import('./server/maintenance'),
      ])
      installClientAddressStamp(env.TRUSTED_PROXY_HOPS)
      startJobWorker({ db: getDb() })
      startMaintenance(getDb())
    }
  }
}
