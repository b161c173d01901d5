import type { Metadata } from 'next'
import { clockOffsetMs } from '@/server/clock'
import { listActivity } from '@/server/contracts/list-activity'
import { ActivityLog } from './activity-log'
import { AppClockProvider } from './app-clock'
import { loadContract } from './load-contract'
import { Workspace } from './workspace'

type Props = { params: Promise<{ id: string }> }

export const metadata: Metadata = { title: 'Workspace' }

export default async function WorkspacePage({ params }: Props) {
  const { id } = await params
  const { actor, contract } = await loadContract(id, `/contracts/${id}`)
  const { events } = await listActivity({ actor: { userId: actor.userId }, contractId: id, limit: 100 })
  return (
    <div className="space-y-8">
      <AppClockProvider offsetMs={await clockOffsetMs()}>
        <Workspace initial={contract} />
      </AppClockProvider>
      <ActivityLog events={events} viewerId={actor.userId} />
    </div>
  )
}
