import type { Metadata } from 'next'
import Link from 'next/link'
import { formatCents, type Cents } from '@/domain/money'
import { comparePlanSnapshots } from '@/domain/plan-history'
import { getPlanVersion, listPlanVersions } from '@/server/contracts/plan-versions'
import { Day, Timestamp } from '../../../components/locale'
import { Breadcrumb } from '../../_components/breadcrumb'
import { ChangesList } from '../../_components/changes-list'
import { StateBadge } from '../../_components/state-badge'
import { nameOf } from '../../_components/types'
import { buttonPrimary, cardClass, inputClass, labelClass, linkClass } from '../../_components/ui'
import { loadContract } from '../load-contract'

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }

export const metadata: Metadata = { title: 'Plan history' }

/** R20: why each version came to be, in the product's words. */
const REASON: Record<string, string> = {
  CREATED: 'Contract created',
  SAVED: 'Milestones saved',
  REQUEST_ACCEPTED: 'Change request accepted',
  COUNTER_ACCEPTED: 'Counter-proposal accepted',
  MILESTONE_FUNDED: 'Milestone funded',
  RECORDED: 'Recorded when plan history began',
}

/**
 * Plan history (R20): every version of the milestones with who made it, when and why, and any two
 * versions compared with the same Show changes list as the editor. A plain GET form picks the two,
 * so the comparison works, and can be linked to, without JavaScript.
 */
export default async function PlanHistoryPage({ params, searchParams }: Props) {
  const { id } = await params
  const query = await searchParams
  const { actor, contract } = await loadContract(id, `/contracts/${id}/history`)
  const viewer = { userId: actor.userId }
  const { versions } = await listPlanVersions({ actor: viewer, contractId: id })
  const known = new Set(versions.map((v) => v.version))
  const pick = (value: unknown, fallback: number | undefined) => {
    const n = typeof value === 'string' && /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : NaN
    return known.has(n) ? n : fallback
  }
  const to = pick(query.to, versions[0]?.version)
  const from = pick(query.from, versions.find((v) => to !== undefined && v.version < to)?.version ?? to)
  const [older, newer] = await Promise.all([from, to].map((version) => (version === undefined ? null : getPlanVersion({ actor: viewer, contractId: id, version }))))
  const comparison = older && newer ? comparePlanSnapshots(older.milestones, newer.milestones) : null
  const workspace = `/contracts/${contract.id}`
  const nameOfActor = (a: { id: string; email: string; name: string | null } | null) => (a === null ? 'Tranche' : a.id === actor.userId ? 'You' : nameOf(a))

  return (
    <div className="mx-auto max-w-3xl space-y-5 pb-8">
      <div>
        <Breadcrumb trail={[{ href: '/contracts', label: 'Contracts' }, { href: workspace, label: contract.title }]} current="Plan history" />
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Plan history</h1>
        <p className="mt-1 text-sm text-slate-600">Every version of the milestones: who made it, when and why. Pick two to see what changed between them.</p>
      </div>

      <section aria-labelledby="compare-heading" className={`${cardClass} p-5`}>
        <h2 id="compare-heading" className="text-base font-semibold text-slate-900">
          Compare versions
        </h2>
        <form method="get" className="mt-3 flex flex-wrap items-end gap-3">
          <VersionSelect name="from" label="From version" value={from} versions={versions} />
          <VersionSelect name="to" label="To version" value={to} versions={versions} />
          <button type="submit" className={buttonPrimary}>
            Show changes
          </button>
        </form>
        {comparison && older && newer && (
          <div className="mt-4 space-y-4" aria-live="polite">
            <h3 className="text-sm font-semibold text-slate-900">
              Changes from version {older.version} to version {newer.version}
            </h3>
            <ChangesList changes={comparison.changes} offset={0} empty={older.version === newer.version ? 'The same version: nothing to compare.' : 'No changes to the milestones’ details.'} />
            {comparison.states.length > 0 && (
              <div>
                <h3 className="text-sm font-semibold text-slate-900">Funded or paid in between</h3>
                <ul className="mt-2 space-y-1 text-sm text-slate-800">
                  {comparison.states.map((s) => (
                    <li key={s.id} className="flex flex-wrap items-center gap-2">
                      “{s.title}”: <StateBadge state={s.from} /> <span aria-hidden="true">→</span>
                      <span className="sr-only">to</span> <StateBadge state={s.to} />
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <div>
              <h3 className="text-sm font-semibold text-slate-900">Milestones in version {newer.version}</h3>
              <ol className="mt-2 divide-y divide-slate-100 text-sm">
                {newer.milestones.map((m) => (
                  <li key={m.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
                    <span className="text-slate-900">
                      <span className="mr-2 tabular-nums text-slate-500">{m.position + 1}.</span>
                      {m.title} <StateBadge state={m.state} />
                    </span>
                    <span className="flex gap-4 text-slate-600">
                      <span className="font-medium tabular-nums text-slate-900">{formatCents(m.amountCents as Cents)}</span>
                      <span>{m.dueDate ? <Day day={m.dueDate} /> : 'No due date'}</span>
                    </span>
                  </li>
                ))}
              </ol>
            </div>
          </div>
        )}
      </section>

      <section aria-labelledby="versions-heading" className={`${cardClass} p-5`}>
        <h2 id="versions-heading" className="text-base font-semibold text-slate-900">
          Versions
        </h2>
        <ol className="mt-3 divide-y divide-slate-100">
          {versions.map((v, i) => {
            const previous = versions[i + 1]
            return (
              <li key={v.version} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-3 text-sm">
                <span className="text-slate-900">
                  <span className="font-semibold">Version {v.version}</span> · {REASON[v.reason] ?? v.reason}
                  <span className="block text-slate-600">
                    {nameOfActor(v.actor)} · <Timestamp at={v.at} />
                  </span>
                </span>
                {previous && (
                  <Link href={`?from=${previous.version}&to=${v.version}`} className={linkClass} aria-label={`Compare version ${v.version} with version ${previous.version}`}>
                    Compare with version {previous.version}
                  </Link>
                )}
              </li>
            )
          })}
        </ol>
      </section>
    </div>
  )
}

function VersionSelect({ name, label, value, versions }: { name: string; label: string; value: number | undefined; versions: { version: number; reason: string }[] }) {
  return (
    <div>
      <label htmlFor={`version-${name}`} className={labelClass}>
        {label}
      </label>
      <select id={`version-${name}`} name={name} defaultValue={value} className={`${inputClass} mt-1 w-auto`}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            Version {v.version} · {REASON[v.reason] ?? v.reason}
          </option>
        ))}
      </select>
    </div>
  )
}
