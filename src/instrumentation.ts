/** Runs once when a server instance boots: fail fast on a bad environment. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getEnv } = await import('./server/env')
    getEnv()
  }
}
