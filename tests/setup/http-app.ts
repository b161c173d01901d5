import { spawn, type ChildProcess } from 'node:child_process'
export { freePort } from '@/server/db/embedded'

/** Waits until `url` answers 2xx (an app instance that is still starting refuses or 5xxs). */
export async function waitForOk(url: string, attempts = 240): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${url} did not come up`)
}

/** Signs in a seeded account with the demo provider, as PRODUCT.md tells scripts to; returns the session cookie. */
export async function signInWithDemo(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`)
  const { csrfToken } = (await csrf.json()) as { csrfToken: string }
  const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const res = await fetch(`${base}/api/auth/callback/demo`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
    body: new URLSearchParams({ csrfToken, email }),
  })
  const session = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.includes('session-token'))
  if (!session) throw new Error(`demo sign-in failed for ${email}: ${res.status}`)
  return session
}

/** Stops a child process and waits for it to exit. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  child.kill(signal)
  return exited
}

/** The environment of this test process without the database and secret the test setup chose. */
export function envWithoutDatabase(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  delete env.DATABASE_URL
  delete env.TEST_DATABASE_URL
  delete env.NEXTAUTH_SECRET
  return { ...env, ...extra }
}

export function spawnLauncher(mode: 'start' | 'dev', env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/run.ts', mode], { env, stdio: ['ignore', 'pipe', 'pipe'] })
}

/** This process's environment for a real deployment's start: no database of the test setup, and none of the demo or local-test switches. */
export function withoutDemoFlags(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = envWithoutDatabase()
  for (const name of ['DEMO_MODE', 'ALLOW_INSECURE_HTTP', 'WEBHOOK_ALLOW_PRIVATE', 'TRUSTED_PROXY_HOPS', 'TRANCHE_DATA_DIR']) delete env[name]
  return { ...env, ...extra }
}

/** A cookie jar for fetch: keeps what Set-Cookie sets (and drops what it expires), sends it back. */
export class Jar {
  private readonly cookies = new Map<string, string>()

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const name = pair.slice(0, pair.indexOf('='))
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || pair.endsWith('=')) this.cookies.delete(name)
      else this.cookies.set(name, line)
    }
  }

  has(name: string): boolean {
    return this.cookies.has(name)
  }

  /** The whole Set-Cookie line the cookie came with. */
  raw(name: string): string | undefined {
    return this.cookies.get(name)
  }

  header(): string {
    return [...this.cookies.values()].map((line) => line.split(';')[0]).join('; ')
  }
}

/** A Set-Cookie line's attributes: flags as true, values as strings (SameSite lower-cased). */
export function cookieOf(line: string | undefined): Record<string, string | boolean> {
  const attributes: Record<string, string | boolean> = {}
  for (const part of (line ?? '').split(';').slice(1)) {
    const [key = '', value] = part.trim().split('=')
    attributes[key] = value === undefined ? true : key === 'SameSite' ? value.toLowerCase() : value
  }
  return attributes
}

export async function bodyOf(response: Response): Promise<unknown> {
  return response.json()
}

/** The launcher's own lines, before Next.js starts talking. */
export function startupOutput(output: string): string {
  return output.split('▲ Next.js')[0] ?? ''
}

/** The security events a process printed: its JSON lines with category "security". */
export function securityEvents(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"category":"security"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}
