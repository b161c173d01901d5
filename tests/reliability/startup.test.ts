import { describe, expect, inject, it } from 'vitest'
import { envWithoutDatabase, spawnLauncher } from '../setup/http-app'

// A deployment with a bad environment must stop at start, naming what is wrong, instead of
// serving bare 500s (as `npm start` with DATABASE_URL and no NEXTAUTH_SECRET once did).

async function runToExit(mode: 'start' | 'dev', env: Record<string, string>) {
  const launcher = spawnLauncher(mode, envWithoutDatabase({ PORT: '1', ...env }))
  let output = ''
  launcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => launcher.on('exit', resolve))
  return { code, output }
}

describe('startup fails fast on an invalid environment', () => {
  it('npm start with DATABASE_URL and no NEXTAUTH_SECRET exits non-zero naming the variable', async () => {
    const { code, output } = await runToExit('start', { DATABASE_URL: inject('databaseUrl'), NODE_ENV: 'production' })
    expect(code).not.toBe(0)
    expect(output).toContain('NEXTAUTH_SECRET')
    expect(output).not.toContain('Ready')
  })

  it('npm start with a DATABASE_URL that is not a postgresql:// URL exits non-zero naming it', async () => {
    const { code, output } = await runToExit('start', { DATABASE_URL: 'mysql://db/x', NEXTAUTH_SECRET: 'x'.repeat(40), NODE_ENV: 'production' })
    expect(code).not.toBe(0)
    expect(output).toContain('DATABASE_URL: must be a postgresql:// URL')
  })

  it('npm run dev with a malformed SMTP_URL exits non-zero before starting anything', async () => {
    const { code, output } = await runToExit('dev', { DATABASE_URL: inject('databaseUrl'), SMTP_URL: 'not-a-url' })
    expect(code).not.toBe(0)
    expect(output).toContain('SMTP_URL')
  })

  it('npm run worker exits non-zero naming the missing DATABASE_URL', async () => {
    const { spawn } = await import('node:child_process')
    const worker = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'], { env: envWithoutDatabase(), stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    worker.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => worker.on('exit', resolve))
    expect(code).not.toBe(0)
    expect(output).toContain('DATABASE_URL')
  })
})
