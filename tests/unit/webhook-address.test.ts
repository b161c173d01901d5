import { describe, expect, it } from 'vitest'
import { classifyAddress, isAllowedAddress } from '@/server/webhooks/address-policy'
import { checkWebhookUrl, type Resolver } from '@/server/webhooks/url-policy'

/** R23's SSRF guard: which addresses a webhook may go to. */

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['ff02::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['64:ff9b::7f00:1', 'reserved'],
    ['2002:7f00:1::', 'reserved'],
    ['example.com', 'invalid'],
    ['', 'invalid'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind)
  })

  it('public addresses pass; loopback, private and link-local only with WEBHOOK_ALLOW_PRIVATE; reserved never', () => {
    expect(isAllowedAddress('8.8.8.8', false)).toBe(true)
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.0.0.1', 'fc00::1', '169.254.169.254', 'fe80::1']) {
      expect(isAllowedAddress(address, false), address).toBe(false)
      expect(isAllowedAddress(address, true), address).toBe(true)
    }
    for (const address of ['0.0.0.0', '::', '224.0.0.1', '64:ff9b::a00:1', 'not-an-ip']) expect(isAllowedAddress(address, true), address).toBe(false)
  })
})

const resolverFor = (table: Record<string, string[]>): Resolver => async (host) => {
  const addresses = table[host]
  if (!addresses) throw new Error(`ENOTFOUND ${host}`)
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
}

describe('checkWebhookUrl', () => {
  const resolve = resolverFor({
    'hooks.example.com': ['93.184.216.34'],
    'internal.example.com': ['10.0.0.5'],
    'mixed.example.com': ['93.184.216.34', '127.0.0.1'],
    'v6.example.com': ['::ffff:169.254.169.254'],
    'localhost': ['127.0.0.1', '::1'],
  })

  it('accepts an https URL whose host resolves to public addresses, and names the address to connect to', async () => {
    const check = await checkWebhookUrl('https://hooks.example.com/tranche?x=1', { allowPrivate: false, resolve })
    expect(check).toMatchObject({ ok: true, address: { address: '93.184.216.34', family: 4 } })
  })

  it.each([
    ['http://hooks.example.com/', /https/],
    ['ftp://hooks.example.com/', /https/],
    ['https://user:pass@hooks.example.com/', /user name or password/],
    ['https://internal.example.com/', /private network address \(10\.0\.0\.5\)/],
    ['https://mixed.example.com/', /loopback address \(127\.0\.0\.1\)/],
    ['https://v6.example.com/', /link-local/],
    ['https://localhost/', /loopback/],
    ['https://127.0.0.1/', /loopback/],
    ['https://[::1]/', /loopback/],
    ['https://[::ffff:7f00:1]/', /loopback/],
    ['https://[fe80::1]/', /link-local/],
    ['https://0x7f.1/', /loopback/],
    ['https://2130706433/', /loopback/],
    ['https://169.254.169.254/latest/meta-data/', /link-local/],
    ['https://nowhere.invalid/', /could not be resolved/],
    ['not a url', /full URL/],
  ])('refuses %s', async (url, reason) => {
    const check = await checkWebhookUrl(url, { allowPrivate: false, resolve })
    expect(check.ok).toBe(false)
    expect(check.ok ? '' : check.reason).toMatch(reason)
  })

  it('with WEBHOOK_ALLOW_PRIVATE: private addresses over https, and plain http to loopback only', async () => {
    expect((await checkWebhookUrl('https://internal.example.com/', { allowPrivate: true, resolve })).ok).toBe(true)
    expect((await checkWebhookUrl('http://127.0.0.1:8080/hook', { allowPrivate: true, resolve })).ok).toBe(true)
    expect((await checkWebhookUrl('http://[::1]:8080/hook', { allowPrivate: true, resolve })).ok).toBe(true)
    const clear = await checkWebhookUrl('http://internal.example.com/', { allowPrivate: true, resolve })
    expect(clear.ok ? '' : clear.reason).toMatch(/loopback test receivers only/)
    const publicHttp = await checkWebhookUrl('http://hooks.example.com/', { allowPrivate: true, resolve })
    expect(publicHttp.ok).toBe(false)
    expect((await checkWebhookUrl('https://0.0.0.0/', { allowPrivate: true, resolve })).ok).toBe(false)
  })
})
