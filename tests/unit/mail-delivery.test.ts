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
  it('SMTP when SMTP_URL is set, in every environment', () => {
    const transport = createMailTransport({ SMTP_URL: 'smtp://127.0.0.1:2525', NODE_ENV: 'production', DEV_MAILBOX: false })
    expect(transport).not.toBe(devMailboxTransport)
    expect(transport).not.toBeNull()
    transport?.close?.()
  })

  it('the dev mailbox without SMTP_URL outside production, or in production with DEV_MAILBOX=1', () => {
    expect(createMailTransport({ NODE_ENV: 'development', DEV_MAILBOX: false })).toBe(devMailboxTransport)
    expect(createMailTransport({ NODE_ENV: 'production', DEV_MAILBOX: true })).toBe(devMailboxTransport)
  })

  it('nowhere in production without SMTP_URL: rows wait instead of being marked sent', () => {
    expect(createMailTransport({ NODE_ENV: 'production', DEV_MAILBOX: false })).toBeNull()
    expect(isDevMailboxEnabled({ NODE_ENV: 'production', DEV_MAILBOX: false })).toBe(false)
    expect(isDevMailboxEnabled({ NODE_ENV: 'test', DEV_MAILBOX: false })).toBe(true)
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
