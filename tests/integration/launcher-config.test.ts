import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { envWithoutDatabase } from '../setup/http-app'

// The real launcher (scripts/run.ts) with `--check`, run in a directory of its own holding .env
// files: it reads them as Next.js does before deciding anything, validates, prints what it would
// run and exits, starting nothing.

const SECRET = 'launcher-secret-launcher-secret-launcher'
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tranche-envfiles-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

function check(mode: 'start' | 'dev', files: Record<string, string>, env: Record<string, string> = {}) {
  return Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(dir, name), text))).then(() => {
    const base = envWithoutDatabase(env)
    for (const name of ['NEXTAUTH_SECRET', 'NEXTAUTH_URL', 'APP_URL', 'DEMO_MODE', 'SMTP_URL', 'ALLOW_INSECURE_HTTP', 'PORT', 'TRANCHE_DATA_DIR', 'NODE_ENV']) {
      if (!(name in env)) delete base[name]
    }
    const result = spawnSync(
      process.execPath,
      ['--conditions=react-server', '--import', resolve('node_modules/tsx/dist/loader.mjs'), resolve('scripts/run.ts'), mode, '--check'],
      { cwd: dir, env: base, encoding: 'utf8', timeout: 60_000 },
    )
    return { status: result.status, output: `${result.stdout}${result.stderr}` }
  })
}

describe('npm start reads .env and .env.local before deciding', () => {
  it('a DATABASE_URL and DEMO_MODE=0 in .env make it a real deployment: no embedded server, no demo, the secret required', async () => {
    const { status, output } = await check('start', { '.env': 'DATABASE_URL=postgresql://app@db.example.com:5432/tranche\nDEMO_MODE=0\nAPP_URL=https://tranche.example.com\n' })
    expect(output).toContain('Read .env')
    expect(output).toContain('NEXTAUTH_SECRET: is required')
    expect(status).toBe(1)
    expect(output).not.toContain('embedded PostgreSQL')
  })

  it('.env.local wins over .env, and real environment variables win over both', async () => {
    const { status, output } = await check(
      'start',
      {
        '.env': `DATABASE_URL=postgresql://app@from-env-file.example.com/tranche\nAPP_URL=http://wrong.example.com\nNEXTAUTH_SECRET=${SECRET}\nSMTP_URL=smtp://from-env-file.example.com\n`,
        '.env.local': 'DATABASE_URL=postgresql://app@from-env-local.example.com/tranche\nAPP_URL=https://tranche.example.com\n',
      },
      { SMTP_URL: 'smtp://from-real-env.example.com:587' },
    )
    expect(output).toContain('Read .env.local, .env')
    expect(output).toContain('database: DATABASE_URL (from-env-local.example.com)')
    expect(output).toContain('email: SMTP (from-real-env.example.com:587)')
    expect(output).toContain('demo sign-in: off')
    expect(output).toContain('cookies: Secure (https)')
    expect(status).toBe(0)
  })

  it('an http APP_URL with a DATABASE_URL is refused unless ALLOW_INSECURE_HTTP=1', async () => {
    const files = { '.env': `DATABASE_URL=postgresql://app@db.example.com/tranche\nAPP_URL=http://tranche.example.com\nNEXTAUTH_SECRET=${SECRET}\n` }
    const refused = await check('start', files)
    expect(refused.status).toBe(1)
    expect(refused.output).toContain('APP_URL: must be an https:// URL in production')
    const allowed = await check('start', files, { ALLOW_INSECURE_HTTP: '1' })
    expect(allowed.status).toBe(0)
    expect(allowed.output).toContain('cookies: not Secure')
    expect(allowed.output).toContain('ALLOW_INSECURE_HTTP=1')
  })

  it('without any file it is the embedded local demo, with a generated secret and the warning banner', async () => {
    const { status, output } = await check('start', {})
    expect(status).toBe(0)
    expect(output).toContain('database: embedded PostgreSQL')
    expect(output).toContain('session secret: generated')
    expect(output).toMatch(/WARNING[\s\S]*DEMO_MODE=1[\s\S]*\/dev\/mailbox/)
  })
})
