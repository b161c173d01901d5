import { describe, expect, it } from 'vitest'
import { parseEnv } from '@/server/env'
import { describeLaunch, planLaunch, startWarnings } from '@/server/launch-plan'

const DB = 'postgresql://app:pw@db.example.com:5432/tranche'
const SECRET = 'a-real-secret-a-real-secret-a-real-secret'

describe('planLaunch', () => {
  it('npm start without DATABASE_URL is the embedded local demo: demo on, secret generated, http on localhost allowed', () => {
    const plan = planLaunch('start', {})
    expect(plan).toMatchObject({ embedded: true, generateSecret: true, port: '3000', dataDir: '.data' })
    expect(plan.env).toMatchObject({ NODE_ENV: 'production', DEMO_MODE: '1', ALLOW_INSECURE_HTTP: '1', APP_URL: 'http://localhost:3000', NEXTAUTH_URL: 'http://localhost:3000' })
  })

  it('npm start with DATABASE_URL generates nothing and turns nothing on: the secret and https are required', () => {
    const plan = planLaunch('start', { DATABASE_URL: DB })
    expect(plan).toMatchObject({ embedded: false, generateSecret: false })
    expect(plan.env.DEMO_MODE).toBeUndefined()
    expect(plan.env.ALLOW_INSECURE_HTTP).toBeUndefined()
    expect(() => parseEnv(plan.env)).toThrow(/NEXTAUTH_SECRET: is required[\s\S]*APP_URL: must be an https/)
    expect(parseEnv({ ...plan.env, NEXTAUTH_SECRET: SECRET, APP_URL: 'https://tranche.example.com', NEXTAUTH_URL: undefined })).toMatchObject({ DEMO_MODE: false })
  })

  it('an embedded start with DEMO_MODE=0 is not a demo: it must be given a secret and https', () => {
    const plan = planLaunch('start', { DEMO_MODE: '0' })
    expect(plan).toMatchObject({ embedded: true, generateSecret: false })
    expect(plan.env.ALLOW_INSECURE_HTTP).toBeUndefined()
  })

  it('the local demo allows plain http only on a loopback address', () => {
    expect(planLaunch('start', { APP_URL: 'http://127.0.0.1:4000' }).env.ALLOW_INSECURE_HTTP).toBe('1')
    expect(planLaunch('start', { APP_URL: 'http://tranche.example.com' }).env.ALLOW_INSECURE_HTTP).toBeUndefined()
    expect(planLaunch('start', { APP_URL: 'http://localhost:3000', ALLOW_INSECURE_HTTP: '0' }).env.ALLOW_INSECURE_HTTP).toBe('0')
  })

  it('npm run dev may generate a secret with any database, and runs as development', () => {
    const plan = planLaunch('dev', { DATABASE_URL: DB })
    expect(plan).toMatchObject({ generateSecret: true })
    expect(plan.env.NODE_ENV).toBe('development')
    expect(planLaunch('dev', { DATABASE_URL: DB, NEXTAUTH_SECRET: SECRET }).generateSecret).toBe(false)
  })

  it('keeps what the environment (and the .env files read into it) says, and reads empty as unset', () => {
    const plan = planLaunch('start', { PORT: '4100', DEMO_MODE: '', NEXTAUTH_SECRET: '', TRANCHE_DATA_DIR: '/tmp/x' })
    expect(plan).toMatchObject({ port: '4100', dataDir: '/tmp/x', generateSecret: true })
    expect(plan.env).toMatchObject({ DEMO_MODE: '1', APP_URL: 'http://localhost:4100' })
  })
})

describe('what npm start prints', () => {
  it('a warning banner for the local demo: demo sign-in, the dev mailbox, plain http', () => {
    const env = parseEnv({ ...planLaunch('start', {}).env, DATABASE_URL: DB, NEXTAUTH_SECRET: SECRET })
    const banner = startWarnings(env).join('\n')
    expect(banner).toContain('WARNING')
    expect(banner).toContain('DEMO_MODE=1')
    expect(banner).toContain('/dev/mailbox')
    expect(banner).toContain('ALLOW_INSECURE_HTTP=1')
  })

  it('no banner for a real deployment, and a summary that names where things come from', () => {
    const plan = planLaunch('start', { DATABASE_URL: DB, NEXTAUTH_SECRET: SECRET, APP_URL: 'https://tranche.example.com', SMTP_URL: 'smtp://u:p@smtp.example.com:587' })
    const env = parseEnv(plan.env)
    expect(startWarnings(env)).toEqual([])
    // WEBHOOK_ALLOW_PRIVATE alone (R23) is announced too: users could reach the server's network.
    expect(startWarnings(parseEnv({ ...plan.env, WEBHOOK_ALLOW_PRIVATE: '1' })).join('\n')).toContain('WEBHOOK_ALLOW_PRIVATE=1')
    const summary = describeLaunch(plan, env).join('\n')
    expect(summary).toContain('database: DATABASE_URL (db.example.com:5432)')
    expect(summary).toContain('demo sign-in: off')
    expect(summary).toContain('email: SMTP (smtp.example.com:587)')
    expect(summary).toContain('cookies: Secure')
    expect(summary).not.toContain('pw')
  })
})
