import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { contractView } from '@/app/api/contracts/representations'
import { withToken } from '../api-suites/tokens'
import { HTTP_BASE, httpApi } from './http-client'

/**
 * The README's "Use the API" example, run as written: its first bash block, with nothing but the
 * two parties' tokens, against the production build. If the README's script stops working, this
 * fails; the block is read from the README, not copied here.
 */
function readmeScript(): string {
  const readme = readFileSync('README.md', 'utf8')
  const section = readme.slice(readme.indexOf('## Use the API'))
  const block = /```bash\n([\s\S]*?)```/.exec(section)
  if (!block) throw new Error('no bash block in the README’s "Use the API" section')
  return block[1]!
}

function run(script: string, env: Record<string, string>) {
  return spawnSync('bash', ['-euo', 'pipefail', '-c', script], { env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', ...env }, encoding: 'utf8', timeout: 60_000 })
}

describe('the README’s API example', () => {
  it('uses tokens only: no cookie, no demo sign-in', () => {
    const script = readmeScript()
    expect(script).toContain('Authorization: Bearer')
    expect(script).not.toMatch(/cookie|csrf|callback\/demo|\s-b\s|\s-c\s/i)
  })

  it('does the whole story with only the client’s and the expert’s tokens: create, fund, submit, release', async () => {
    const { client, expert } = await httpApi.parties()
    const [clientToken, expertToken] = await Promise.all([withToken(httpApi, client, 'write', 'README client'), withToken(httpApi, expert, 'write', 'README expert')])
    const result = run(readmeScript(), { TRANCHE_URL: HTTP_BASE.origin, CLIENT_TOKEN: clientToken.token, EXPERT_TOKEN: expertToken.token })
    expect(result.status, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0)
    expect(result.stdout.trim().split('\n')).toEqual(['FUNDED', 'SUBMITTED', '50000'])

    // The contract it made, as the client sees it: released in full, nothing held.
    const list = await httpApi.call({ as: clientToken, method: 'GET', path: '/api/contracts?limit=100' })
    const made = list.body.contracts.find((c: { title: string }) => c.title === 'API demo')
    const view = contractView.parse((await httpApi.call({ as: clientToken, method: 'GET', path: `/api/contracts/${made.id}` })).body)
    expect(view.milestones.map((m) => [m.title, m.state, m.releasedCents])).toEqual([['Design', 'RELEASED', 50_000]])
    expect(view.escrow).toMatchObject({ depositedCents: 50_000, releasedCents: 50_000, heldCents: 0 })
  })

  it('stops at the first refusal: with a read-only client token, the create fails and the script exits non-zero', async () => {
    const { client, expert } = await httpApi.parties()
    const [reader, writer] = await Promise.all([withToken(httpApi, client, 'read'), withToken(httpApi, expert, 'write')])
    const result = run(readmeScript(), { TRANCHE_URL: HTTP_BASE.origin, CLIENT_TOKEN: reader.token, EXPERT_TOKEN: writer.token })
    expect(result.status).not.toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('error: 403')
  })

  it('asks for the tokens when they are missing', () => {
    const result = run(readmeScript(), { TRANCHE_URL: HTTP_BASE.origin })
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain('create a read-and-write token on /settings/tokens')
  })
})
