'use client'

import Link from 'next/link'
import { useState } from 'react'
import { inProgressMilestone, isInProgress, nextUpcoming } from '@/domain/escrow'
import { formatCents } from '@/domain/money'
import { dueCutoff } from '@/domain/dates'
import { Day, LocalTime } from '../../components/locale'
import { OverdueBadge, StateBadge } from '../_components/state-badge'
import type { Action, ContractMilestone, ContractView, OnDone } from '../_components/types'
import { buttonPrimary, buttonSecondary, cardClass } from '../_components/ui'
import { ExtensionPanel } from './extension-panel'
import { FundPanel, ReleasePanel, SubmitPanel } from './lazy'
import { ReviewWindow } from './review-window'


/** The plan: every milestone with its state, amount, due date, and the actions open on it now. */
export function MilestoneList({ contract, onDone }: { contract: ContractView; onDone: OnDone }) {
  const canEdit = contract.allowedActions.includes('EDIT_PLAN') || contract.allowedActions.includes('PROPOSE_CHANGES')
  const editorHref = `/contracts/${contract.id}/milestones`
  const next = nextUpcoming(contract)
  return (
    <section aria-labelledby="milestones-heading" className={`${cardClass} p-5`}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="milestones-heading" className="text-base font-semibold text-slate-900">
          Milestones
        </h2>
        {canEdit && (
          <div className="flex flex-wrap gap-2">
            <Link href={`${editorHref}?add=1`} className={buttonSecondary}>
              <span aria-hidden="true">+</span> Add milestone
            </Link>
            <Link href={editorHref} className={buttonSecondary}>
              Manage milestones
            </Link>
          </div>
        )}
      </div>
      {contract.milestones.length === 0 ? (
        <div className="mt-4 rounded-md border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600">
          <p>No milestones yet.</p>
          {canEdit && (
            <Link href={`${editorHref}?add=1`} className={`${buttonPrimary} mt-3`}>
              Add milestone
            </Link>
          )}
        </div>
      ) : (
        <ol className="mt-4 space-y-3">
          {contract.milestones.map((milestone, index) => (
            <li key={milestone.id}>
              <MilestoneCard contract={contract} milestone={milestone} index={index} isNext={milestone.id === next?.id} onDone={onDone} />
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

function MilestoneCard({ contract, milestone, index, isNext, onDone }: { contract: ContractView; milestone: ContractMilestone; index: number; isNext: boolean; onDone: OnDone }) {
  const inProgress = isInProgress(milestone)
  const highlight = inProgress ? 'border-sky-300 bg-sky-50/40' : isNext ? 'border-slate-300' : 'border-slate-200'
  return (
    <article className={`rounded-md border p-4 ${highlight}`} aria-labelledby={`m-${milestone.id}`}>
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div className="min-w-0 flex-1">
          <h3 id={`m-${milestone.id}`} className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
            <span className="text-slate-500 tabular-nums">{index + 1}.</span>
            <span className="break-words">{milestone.title}</span>
          </h3>
          {milestone.description && <p className="mt-1 whitespace-pre-line break-words text-sm text-slate-600">{milestone.description}</p>}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {milestone.overdue && <OverdueBadge />}
          <StateBadge state={milestone.state} />
        </div>
      </div>
      <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <div className="flex gap-1.5">
          <dt className="text-slate-500">Amount</dt>
          <dd className="font-medium tabular-nums text-slate-900">{formatCents(milestone.amountCents)}</dd>
        </div>
        {milestone.state === 'RELEASED' && milestone.releasedCents !== milestone.fundedCents && (
          <div className="flex gap-1.5">
            <dt className="text-slate-500">Paid</dt>
            <dd className="tabular-nums text-slate-900">
              {formatCents(milestone.releasedCents)} <span className="text-slate-500">(partial)</span>
            </dd>
          </div>
        )}
        <div className="flex gap-1.5">
          <dt className="text-slate-500">Due</dt>
          <dd className={milestone.overdue ? 'font-medium text-red-700' : 'text-slate-900'}>
            {milestone.dueDate ? (
              <>
                <Day day={milestone.dueDate} />{' '}
                <span className="text-slate-500">
                  (ends <LocalTime at={dueCutoff(milestone.dueDate).toISOString()} /> your time)
                </span>
              </>
            ) : (
              'No due date'
            )}
          </dd>
        </div>
      </dl>
      <MilestoneActions contract={contract} milestone={milestone} isNext={isNext} onDone={onDone} />
      {inProgress && contract.status === 'OPEN' && <ExtensionPanel contract={contract} milestone={milestone} onDone={onDone} />}
    </article>
  )
}

function MilestoneActions({ contract, milestone, isNext, onDone }: { contract: ContractView; milestone: ContractMilestone; isNext: boolean; onDone: OnDone }) {
  const [open, setOpen] = useState<'fund' | 'release' | 'submit' | null>(null)
  const can = (action: Action) => contract.allowedActions.includes(action)
  const inProgress = isInProgress(milestone)
  if (contract.status !== 'OPEN') return null

  if (isNext && contract.role === 'CLIENT') {
    if (can('FUND_MILESTONE')) {
      return open === 'fund' ? (
        <FundPanel contract={contract} milestone={milestone} onCancel={() => setOpen(null)} onDone={onDone} />
      ) : (
        <div className="mt-3">
          <button type="button" className={buttonPrimary} onClick={() => setOpen('fund')}>
            Fund milestone
          </button>
        </div>
      )
    }
    return <p className="mt-3 text-sm text-slate-600">{whyNotFundable(contract)}</p>
  }
  // R15/R16: a submission under review shows its window to both parties, with their choices.
  if (milestone.state === 'SUBMITTED' && milestone.submission) return <ReviewWindow contract={contract} milestone={milestone} onDone={onDone} />
  if (inProgress && can('RELEASE_PAYMENT')) {
    return open === 'release' ? (
      <ReleasePanel contract={contract} milestone={milestone} onCancel={() => setOpen(null)} onDone={onDone} />
    ) : (
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="button" className={buttonPrimary} onClick={() => setOpen('release')}>
          Release payment
        </button>
        {milestone.state === 'SUBMITTED' && <span className="text-sm text-slate-600">The expert submitted the work for your approval.</span>}
      </div>
    )
  }
  if (inProgress && contract.role === 'CLIENT' && contract.closeProposal) {
    return <p className="mt-3 text-sm text-slate-600">Your close proposal settles this milestone&apos;s escrow; the expert accepts or declines it.</p>
  }
  if (milestone.state === 'FUNDED' && can('SUBMIT_WORK')) {
    return open === 'submit' ? (
      <SubmitPanel contract={contract} milestone={milestone} onCancel={() => setOpen(null)} onDone={onDone} />
    ) : (
      <div className="mt-3">
        <button type="button" className={buttonPrimary} onClick={() => setOpen('submit')}>
          Submit work
        </button>
      </div>
    )
  }
  if (milestone.state === 'SUBMITTED' && contract.role === 'EXPERT') {
    return <p className="mt-3 text-sm text-slate-600">Work submitted. The client reviews it and releases payment.</p>
  }
  if (isNext && contract.role === 'EXPERT' && !inProgressMilestone(contract)) {
    return <p className="mt-3 text-sm text-slate-600">Next up: waiting for the client to fund this milestone.</p>
  }
  return null
}

/** Why the next milestone cannot be funded now, in the rules' words (R2, R3, R8, R11). */
function whyNotFundable(contract: ContractView): string {
  const current = inProgressMilestone(contract)
  if (current) return `One milestone is funded at a time: release payment for “${current.title}” before you fund this one.`
  if (contract.closeProposal) return 'A close proposal is pending, so no milestone can be funded.'
  if (contract.changeRequest) return 'A pending change request changes this milestone. Answer it (Review updates) or withdraw it before you fund it.'
  return 'This milestone cannot be funded right now.'
}
