import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import type { TestProject } from 'vitest/node'
import { freePort, stopProcess, waitForOk } from './http-app'

declare module 'vitest' {
  // Declaration merging needs an interface here.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    /** The base URL of the production build the http project runs against. */
    httpBaseUrl: string
  }
}

/**
 * Global setup of the http project, after production-build.ts and global-setup.ts: seeds the demo
 * accounts into the run's database with prisma/seed.ts and starts the production build once
 * (`next start` on a free port, demo sign-in on), for every black-box suite to share.
 */
export default async function startHttpServer(project: TestProject) {
  const databaseUrl = project.getProvidedContext().databaseUrl
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    DEMO_MODE: '1',
    // Plain http on loopback: a production start refuses http:// URLs without it (issue #13).
    ALLOW_INSECURE_HTTP: '1',
    // Every suite acts as the same three demo accounts, thousands of writes a minute: the default
    // per-caller limits (120 writes a minute, 10 new counterparts an hour) would answer 429 to the
    // rules under test. tests/reliability/production-start drives the limits over HTTP (small ones).
    WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
    INVITE_RATE_LIMIT_PER_HOUR: '1000000',
    NEXTAUTH_SECRET: 'http-suite-secret-http-suite-secret-0123',
    NEXTAUTH_URL: base,
    APP_URL: base,
    NEXT_TELEMETRY_DISABLED: '1',
    DB_SLOW_QUERY_MS: '100000',
  }
  const seeded = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'prisma/seed.ts'], { env, stdio: 'inherit' })
  if (seeded.status !== 0) throw new Error('prisma/seed.ts failed')

  let output = ''
  const server: ChildProcess = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  try {
    await waitForOk(`${base}/api/health`)
  } catch (error) {
    await stopProcess(server)
    throw new Error(`the production build did not start:\n${output}`, { cause: error })
  }
  project.provide('httpBaseUrl', base)
  return async () => {
    await stopProcess(server)
    // A 500's stack trace helps to read the failure it caused (the forged-cookie test makes
    // next-auth log errors on purpose, so only the API's own 500 marker counts).
    if (output.includes('[http] unexpected error')) console.log(`[http-server] the app logged:\n${output.slice(-5_000)}`)
  }
}
