import { describe, expect, it } from 'vitest'
import { isServedOverHttps, parseEnv } from '@/server/env'

const DB = 'postgresql://postgres@127.0.0.1:5432/tranche'
const SECRET = 'a-real-secret-a-real-secret-a-real-secret'
const production = { NODE_ENV: 'production', DATABASE_URL: DB, NEXTAUTH_SECRET: SECRET, APP_URL: 'https://tranche.example.com' }

describe('parseEnv: safe by default in production', () => {
  it('accepts a complete production environment', () => {
    expect(parseEnv(production)).toMatchObject({ NODE_ENV: 'production', DEMO_MODE: false, ALLOW_INSECURE_HTTP: false, TRUSTED_PROXY_HOPS: 0 })
  })

  it('refuses a missing or short NEXTAUTH_SECRET everywhere but development', () => {
    for (const NODE_ENV of ['production', 'test']) {
      expect(() => parseEnv({ ...production, NODE_ENV, NEXTAUTH_SECRET: undefined })).toThrow(/NEXTAUTH_SECRET: is required/)
      expect(() => parseEnv({ ...production, NODE_ENV, NEXTAUTH_SECRET: 'short' })).toThrow(/NEXTAUTH_SECRET: must be at least 32 characters/)
    }
    expect(parseEnv({ ...production, NODE_ENV: 'development', NEXTAUTH_SECRET: undefined }).NEXTAUTH_SECRET).toBeUndefined()
  })

  it('treats an unset NODE_ENV as production', () => {
    expect(() => parseEnv({ ...production, NODE_ENV: undefined, NEXTAUTH_SECRET: undefined })).toThrow(/NEXTAUTH_SECRET/)
    expect(parseEnv({ ...production, NODE_ENV: undefined }).NODE_ENV).toBe('production')
  })

  it('refuses an http APP_URL or NEXTAUTH_URL in production unless ALLOW_INSECURE_HTTP=1', () => {
    expect(() => parseEnv({ ...production, APP_URL: 'http://tranche.example.com' })).toThrow(/APP_URL: must be an https:\/\/ URL in production/)
    expect(() => parseEnv({ ...production, APP_URL: undefined })).toThrow(/APP_URL/)
    expect(() => parseEnv({ ...production, NEXTAUTH_URL: 'http://tranche.example.com' })).toThrow(/NEXTAUTH_URL/)
    expect(parseEnv({ ...production, APP_URL: 'http://localhost:3000', ALLOW_INSECURE_HTTP: '1' }).ALLOW_INSECURE_HTTP).toBe(true)
    expect(parseEnv({ ...production, NODE_ENV: 'development', APP_URL: 'http://localhost:3000' }).APP_URL).toBe('http://localhost:3000')
  })

  it('refuses the benchmark routes (BENCH_ROUTES=1, SQL for anyone) in production unless ALLOW_INSECURE_HTTP=1', () => {
    expect(parseEnv(production).BENCH_ROUTES).toBe(false)
    expect(() => parseEnv({ ...production, BENCH_ROUTES: '1' })).toThrow(/BENCH_ROUTES: runs SQL for anyone/)
    const local = parseEnv({ ...production, APP_URL: 'http://localhost:3300', ALLOW_INSECURE_HTTP: '1', BENCH_ROUTES: '1', BENCH_STATEMENTS_FILE: '/tmp/s.json' })
    expect(local).toMatchObject({ BENCH_ROUTES: true, BENCH_STATEMENTS_FILE: '/tmp/s.json' })
  })

  it('refuses URLs that are not http(s)', () => {
    expect(() => parseEnv({ ...production, APP_URL: 'javascript:alert(1)' })).toThrow(/APP_URL/)
  })

  it('reads an empty value as unset (a copied .env.example)', () => {
    const env = parseEnv({ ...production, SMTP_URL: '', DEMO_MODE: '', TRUSTED_PROXY_HOPS: '' })
    expect(env.SMTP_URL).toBeUndefined()
    expect(env).toMatchObject({ DEMO_MODE: false, TRUSTED_PROXY_HOPS: 0 })
  })

  it('takes TRUSTED_PROXY_HOPS as a small whole number', () => {
    expect(parseEnv({ ...production, TRUSTED_PROXY_HOPS: '2' }).TRUSTED_PROXY_HOPS).toBe(2)
    expect(() => parseEnv({ ...production, TRUSTED_PROXY_HOPS: '-1' })).toThrow(/TRUSTED_PROXY_HOPS/)
    expect(() => parseEnv({ ...production, TRUSTED_PROXY_HOPS: 'all' })).toThrow(/TRUSTED_PROXY_HOPS/)
  })

  it('trusts a session check for 10 seconds unless SESSION_CHECK_CACHE_MS says 0 (off) up to a minute', () => {
    expect(parseEnv(production).SESSION_CHECK_CACHE_MS).toBe(10_000)
    expect(parseEnv({ ...production, SESSION_CHECK_CACHE_MS: '0' }).SESSION_CHECK_CACHE_MS).toBe(0)
    expect(parseEnv({ ...production, SESSION_CHECK_CACHE_MS: '60000' }).SESSION_CHECK_CACHE_MS).toBe(60_000)
    for (const bad of ['-1', '60001', '1.5', 'ten']) expect(() => parseEnv({ ...production, SESSION_CHECK_CACHE_MS: bad })).toThrow(/SESSION_CHECK_CACHE_MS/)
  })
})

describe('isServedOverHttps (Secure cookies, HSTS)', () => {
  it('is true for every production run, whatever APP_URL says, unless ALLOW_INSECURE_HTTP=1', () => {
    expect(isServedOverHttps({ NODE_ENV: 'production', ALLOW_INSECURE_HTTP: false, APP_URL: 'http://tranche.example.com' })).toBe(true)
    expect(isServedOverHttps({ NODE_ENV: 'production', ALLOW_INSECURE_HTTP: true, APP_URL: 'http://localhost:3000' })).toBe(false)
  })

  it('follows the scheme of APP_URL outside production', () => {
    expect(isServedOverHttps({ NODE_ENV: 'development', ALLOW_INSECURE_HTTP: false, APP_URL: 'http://localhost:3000' })).toBe(false)
    expect(isServedOverHttps({ NODE_ENV: 'development', ALLOW_INSECURE_HTTP: false, APP_URL: 'https://dev.example.com' })).toBe(true)
  })
})
