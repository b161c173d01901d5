import type { Metadata } from 'next'
import { requirePageActor } from '@/server/auth/session'
import { listTokens } from '@/server/tokens/list-tokens'
import { TokensManager } from './tokens-manager'

export const metadata: Metadata = { title: 'API tokens' }

/** R22: the signed-in user's API tokens: make one (shown once), see when each was last used, revoke. */
export default async function TokensPage() {
  const actor = await requirePageActor('/settings/tokens')
  const { tokens } = await listTokens({ actor })
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">API tokens</h1>
      <p className="mt-1 text-sm text-slate-600">
        Scripts and other systems use the Tranche API with a token instead of your sign-in. A token acts as you on every contract
        you are on: a read-only token can look, a read-write token can also add milestones, fund milestones and release payment.
        Send it as <code className="rounded bg-slate-100 px-1 py-0.5 text-xs text-slate-800">Authorization: Bearer tr_…</code>.
      </p>
      <TokensManager initialTokens={tokens} now={new Date().toISOString()} />
    </div>
  )
}
