'use client'

import { useCallback, useId, useState, type FormEvent } from 'react'
import { Day } from '../../components/locale'
import { ErrorMessage } from '../_components/error-message'
import type { ContractView, OnDone } from '../_components/types'
import { buttonPrimary, cardClass, inputClass, labelClass } from '../_components/ui'
import { useCommand } from '../_components/use-command'

type Props = { contract: ContractView; onDone: OnDone }

/** After close (R12): each party's review, the computed deadline record, and the review form. */
export function ReviewsSection({ contract, onDone }: Props) {
  const { deadlines } = contract
  const byRole = (role: 'CLIENT' | 'EXPERT') => contract.reviews.find((r) => r.authorRole === role)
  return (
    <section aria-labelledby="reviews-heading" className={`${cardClass} p-5`}>
      <h2 id="reviews-heading" className="text-base font-semibold text-slate-900">
        Reviews
      </h2>
      <div className="mt-4 grid gap-6 md:grid-cols-2">
        <div className="space-y-4">
          <ReviewCard title="The client's review of the expert" review={byRole('CLIENT')} />
          <ReviewCard title="The expert's review of the client" review={byRole('EXPERT')} />
          {contract.allowedActions.includes('LEAVE_REVIEW') && <ReviewForm contract={contract} onDone={onDone} />}
        </div>
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Deadline record</h3>
          <p className="mt-1 text-sm text-slate-600">
            {deadlines.milestones.length === 0
              ? 'No paid milestone had a due date.'
              : deadlines.lateCount === 0
                ? `All ${deadlines.milestones.length} paid milestones with a due date were released on time.`
                : `${deadlines.lateCount} of ${deadlines.milestones.length} released late, ${deadlines.totalDaysLate} day${deadlines.totalDaysLate === 1 ? '' : 's'} in total.`}
          </p>
          {deadlines.milestones.length > 0 && (
            <div className="mt-3 overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="text-xs uppercase text-slate-500">
                  <tr>
                    <th scope="col" className="py-1 pr-3 font-medium">Milestone</th>
                    <th scope="col" className="py-1 pr-3 font-medium">Due</th>
                    <th scope="col" className="py-1 pr-3 font-medium">Released</th>
                    <th scope="col" className="py-1 font-medium">Late</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {deadlines.milestones.map((m) => (
                    <tr key={m.milestoneId}>
                      <td className="py-1.5 pr-3 text-slate-900">{m.title}</td>
                      <td className="py-1.5 pr-3 text-slate-700"><Day day={m.dueDate} /></td>
                      <td className="py-1.5 pr-3 text-slate-700"><Day day={m.releasedOn} /></td>
                      <td className={`py-1.5 ${m.daysLate > 0 ? 'font-medium text-red-700' : 'text-slate-700'}`}>{m.daysLate > 0 ? `${m.daysLate} d` : 'On time'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
    </section>
  )
}

function Stars({ value, label }: { value: number; label: string }) {
  return (
    <span className="inline-flex items-center gap-1" aria-label={`${label}: ${value} out of 5`} role="img">
      <span aria-hidden="true" className="tracking-tight text-amber-500">{'★'.repeat(value)}<span className="text-slate-300">{'★'.repeat(5 - value)}</span></span>
    </span>
  )
}

function ReviewCard({ title, review }: { title: string; review: ContractView['reviews'][number] | undefined }) {
  return (
    <div className="rounded-md border border-slate-200 p-4">
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {!review ? (
        <p className="mt-1 text-sm text-slate-500">Not left yet.</p>
      ) : (
        <div className="mt-2 space-y-1 text-sm">
          <p className="flex flex-wrap items-center gap-2 text-slate-700">Rating <Stars value={review.rating} label="Rating" /></p>
          {review.timelinessRating !== null && (
            <p className="flex flex-wrap items-center gap-2 text-slate-700">Adherence to deadlines <Stars value={review.timelinessRating} label="Adherence to deadlines" /></p>
          )}
          {review.comment && <p className="whitespace-pre-line text-slate-800">“{review.comment}”</p>}
        </div>
      )}
    </div>
  )
}

function ReviewForm({ contract, onDone }: Props) {
  const id = useId()
  const isClient = contract.role === 'CLIENT'
  const [rating, setRating] = useState<number | null>(null)
  const [timeliness, setTimeliness] = useState<number | null>(null)
  const [comment, setComment] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const leave = useCommand(useCallback((next: ContractView) => onDone(next, 'Thanks, your review is saved.'), [onDone]))

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (rating === null || (isClient && timeliness === null)) {
      setProblem(isClient ? 'Choose a rating and a rating for adherence to deadlines.' : 'Choose a rating.')
      return
    }
    setProblem(null)
    void leave.run(`/api/contracts/${contract.id}/reviews`, { body: { rating, comment, ...(isClient ? { timelinessRating: timeliness } : {}) } })
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4 rounded-md border border-indigo-200 bg-indigo-50/50 p-4" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        Leave review {isClient ? 'of the expert' : 'of the client'}
      </h3>
      <RatingInput name={`${id}-rating`} legend="Rating" value={rating} onChange={setRating} />
      {isClient && <RatingInput name={`${id}-timeliness`} legend="Adherence to deadlines" value={timeliness} onChange={setTimeliness} />}
      <div>
        <label htmlFor={`${id}-comment`} className={labelClass}>
          Comment (optional)
        </label>
        <textarea id={`${id}-comment`} rows={3} maxLength={2000} className={`${inputClass} mt-1`} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <button type="submit" className={buttonPrimary} disabled={leave.pending}>
        {leave.pending ? 'Saving…' : 'Leave review'}
      </button>
      <ErrorMessage message={problem ?? leave.error?.message} />
    </form>
  )
}

function RatingInput({ name, legend, value, onChange }: { name: string; legend: string; value: number | null; onChange: (n: number) => void }) {
  return (
    <fieldset>
      <legend className={labelClass}>{legend}</legend>
      <div className="mt-1 flex gap-1">
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className="cursor-pointer">
            <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} className="peer sr-only" />
            <span aria-hidden="true" className="grid h-9 w-9 place-items-center rounded-md border border-slate-300 bg-white text-sm font-medium text-slate-700 peer-checked:border-indigo-600 peer-checked:bg-indigo-600 peer-checked:text-white peer-focus-visible:ring-2 peer-focus-visible:ring-indigo-600 peer-focus-visible:ring-offset-1">
              {n}
            </span>
            <span className="sr-only">{n} out of 5</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
