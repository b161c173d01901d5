import { describe, expect, it } from 'vitest'
import { toPreviewDocument } from '@/server/mail/mailbox'
import { createMailTransport, devMailboxTransport, isDevMailboxEnabled } from '@/server/mail/transport'
import { RETRY_CAP_MS, retryDelayMs } from '@/server/mail/worker'

describe('retry backoff', () => {
  it('doubles from 5 seconds and stops growing at one hour, however many attempts', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000])
    expect(retryDelayMs(11)).toBe(RETRY_CAP_MS)
    expect(retryDelayMs(1_000)).toBe(RETRY_CAP_MS)
  })
})

describe('where mail goes', () => {
  const base = { SMTP_URL: undefined, NODE_ENV: 'production', DEMO_MODE: false } as const

  it('SMTP when SMTP_URL is set, in every environment, demo or not', () => {
    for (const env of [base, { ...base, DEMO_MODE: true }, { ...base, NODE_ENV: 'development' as const }]) {
      const transport = createMailTransport({ ...env, SMTP_URL: 'smtp://127.0.0.1:2525' })
      expect(transport).not.toBe(devMailboxTransport)
      expect(transport).not.toBeNull()
      transport?.close?.()
    }
  })

  it('the dev mailbox only without SMTP_URL, and only in a demo (DEMO_MODE=1) or `npm run dev`', () => {
    expect(createMailTransport({ ...base, DEMO_MODE: true })).toBe(devMailboxTransport)
    expect(createMailTransport({ ...base, NODE_ENV: 'development' })).toBe(devMailboxTransport)
    expect(isDevMailboxEnabled({ ...base, NODE_ENV: 'test', DEMO_MODE: true })).toBe(true)
  })

  it('never beside real mail: with SMTP_URL the mailbox is off even in a demo or in development', () => {
    expect(isDevMailboxEnabled({ ...base, SMTP_URL: 'smtp://mail.example.com', DEMO_MODE: true })).toBe(false)
    expect(isDevMailboxEnabled({ ...base, SMTP_URL: 'smtp://mail.example.com', NODE_ENV: 'development' })).toBe(false)
  })

  it('never in a production or test run that is not a demo: rows wait instead of being marked sent', () => {
    expect(createMailTransport(base)).toBeNull()
    expect(isDevMailboxEnabled(base)).toBe(false)
    expect(isDevMailboxEnabled({ ...base, NODE_ENV: 'test' })).toBe(false)
  })
})

describe('dev mailbox preview', () => {
  it('makes links open in the top window', () => {
    expect(toPreviewDocument('<html><head><meta charset="utf-8"></head><body></body></html>')).toBe(
      '<html><head><base target="_top"><meta charset="utf-8"></head><body></body></html>',
    )
    expect(toPreviewDocument('<p>no head</p>')).toBe('<base target="_top"><p>no head</p>')
  })
})
