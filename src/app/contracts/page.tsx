import type { Metadata } from 'next'
import Link from 'next/link'
import { formatCents, type Cents } from '@/domain/money'
import { requirePageActor } from '@/server/auth/session'
import { CONTRACTS_PAGE_SIZE } from '@/server/contracts/contract-cursor'
import { listNewestContracts, type ContractSummary } from '@/server/contracts/list-contracts'
import { Day } from '../components/locale'
import { ProgressBar } from './_components/progress-bar'
import { AttentionBadge, StateBadge, StatusBadge } from './_components/state-badge'
import { buttonPrimary, cardClass } from './_components/ui'

export const metadata: Metadata = { title: 'Contracts' }

/** "Show more contracts" adds a page at a time, up to this many on one page. */
const MAX_SHOWN = 2_000

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export default async function ContractsPage({ searchParams }: Props) {
  const actor = await requirePageActor('/contracts')
  const shown = parseShown((await searchParams).show)
  const { contracts, more } = await listNewestContracts({ actor, count: shown })
  const hiring = contracts.filter((c) => c.role === 'CLIENT')
  const working = contracts.filter((c) => c.role === 'EXPERT')
  const waiting = contracts.filter((c) => c.waitingForYou).length

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Contracts</h1>
          <p className="mt-1 text-sm text-slate-600">
            {contracts.length === 0
              ? 'Fixed-rate contracts you hire for or work on.'
              : waiting > 0
                ? `${waiting} ${waiting === 1 ? 'contract needs' : 'contracts need'} your attention.`
                : 'Nothing is waiting for you.'}
          </p>
        </div>
        <Link href="/contracts/new" className={buttonPrimary}>
          <span aria-hidden="true">+</span> New contract
        </Link>
      </div>

      {contracts.length === 0 ? (
        <div className={`${cardClass} px-6 py-12 text-center`}>
          <h2 className="text-lg font-semibold text-slate-900">No contracts yet</h2>
          <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
            Create a contract, split the job into milestones and fund the first one into escrow. Contracts where you are the
            expert show up here too.
          </p>
          <Link href="/contracts/new" className={`${buttonPrimary} mt-6`}>
            Create your first contract
          </Link>
        </div>
      ) : (
        <>
          <ContractSection id="hiring" title="As client" empty="You have not hired anyone yet." contracts={hiring} />
          <ContractSection id="working" title="As expert" empty="No one has hired you on Tranche yet." contracts={working} />
          {more && (
            <div className="flex flex-wrap items-center justify-center gap-3 text-sm text-slate-600">
              <span>Showing your newest {contracts.length} contracts.</span>
              <Link href={`/contracts?show=${shown + CONTRACTS_PAGE_SIZE}`} scroll={false} className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900">
                Show more contracts
              </Link>
            </div>
          )}
        </>
      )}
    </div>
  )
}

/** How many contracts to show: ?show=, in whole pages, at least one page. */
function parseShown(value: string | string[] | undefined): number {
  const asked = Number(Array.isArray(value) ? value[0] : value)
  if (!Number.isInteger(asked) || asked <= CONTRACTS_PAGE_SIZE) return CONTRACTS_PAGE_SIZE
  return Math.min(MAX_SHOWN, Math.ceil(asked / CONTRACTS_PAGE_SIZE) * CONTRACTS_PAGE_SIZE)
}

function ContractSection({ id, title, empty, contracts }: { id: string; title: string; empty: string; contracts: ContractSummary[] }) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        {title} <span className="font-normal normal-case tracking-normal">({contracts.length})</span>
      </h2>
      {contracts.length === 0 ? (
        <p className="mt-3 rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="mt-3 grid gap-4 md:grid-cols-2">
          {contracts.map((contract) => (
            <li key={contract.id}>
              <ContractCard contract={contract} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function ContractCard({ contract }: { contract: ContractSummary }) {
  const next = contract.nextMilestone
  const badge = contract.waitingFor === 'REVIEW_UPDATES' ? 'Review updates' : contract.waitingFor === 'CLOSE_PROPOSAL' ? 'Close proposal' : null
  return (
    <article className={`${cardClass} relative flex h-full flex-col gap-4 p-5 transition hover:border-indigo-300 hover:shadow-md focus-within:ring-2 focus-within:ring-indigo-600`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="text-base font-semibold text-slate-900">
          <Link href={`/contracts/${contract.id}`} className="focus:outline-none after:absolute after:inset-0 after:content-['']">
            {contract.title}
          </Link>
        </h3>
        <div className="flex flex-wrap items-center gap-1.5">
          {badge && <AttentionBadge>{badge}</AttentionBadge>}
          <StatusBadge status={contract.status} />
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm">
        <div className="col-span-2 sm:col-span-1">
          <dt className="text-slate-500">Next milestone</dt>
          <dd className="mt-0.5 text-slate-900">
            {next ? (
              <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="font-medium">{next.title}</span>
                <StateBadge state={next.state} />
                <span className="tabular-nums text-slate-600">
                  {formatCents(next.amountCents)}
                  {next.dueDate && (
                    <>
                      {' · due '}
                      <Day day={next.dueDate} />
                    </>
                  )}
                </span>
              </span>
            ) : (
              <span className="text-slate-500">{contract.status === 'CLOSED' ? 'Contract closed' : 'None planned'}</span>
            )}
          </dd>
        </div>
        <div className="col-span-2 sm:col-span-1 sm:text-right">
          <dt className="text-slate-500">Escrow held</dt>
          <dd className="mt-0.5 text-lg font-semibold tabular-nums text-slate-900">{formatCents(contract.heldCents)}</dd>
        </div>
      </dl>
      <div className="mt-auto">
        <ProgressBar compact releasedCents={contract.releasedCents} escrowCents={contract.heldCents} refundedCents={contract.refundedCents} toFundCents={contract.status === 'OPEN' ? (contract.toFundCents as Cents) : 0} />
      </div>
    </article>
  )
}
