'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { callApi, type ApiError } from '../../../lib/api-client'
import { ErrorMessage } from '../../../contracts/_components/error-message'
import { OfferForm, type OfferInput } from '../../../contracts/_components/offer-form'
import { cardClass } from '../../../contracts/_components/ui'

/** R21: the operator's decision: the amount released to the expert (the rest is refunded) and the reason both parties read. */
export function DecisionForm({ contractId, disputeId, heldCents }: { contractId: string; disputeId: string; heldCents: number }) {
  const router = useRouter()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  async function decide({ statement, releaseCents }: OfferInput) {
    if (pending) return
    setPending(true)
    setError(null)
    const result = await callApi(`/api/contracts/${encodeURIComponent(contractId)}/disputes/${encodeURIComponent(disputeId)}/decide`, { method: 'POST', body: { releaseCents, reason: statement } })
    setPending(false)
    if (result.ok) router.refresh()
    else setError(result.error)
  }
  return (
    <section aria-labelledby="decision-heading" className={`${cardClass} p-5`}>
      <h2 id="decision-heading" className="text-base font-semibold text-slate-900">
        Decide
      </h2>
      <p className="mb-3 mt-1 text-sm text-slate-600">The money moves at once and both parties are emailed the decision with your reason.</p>
      <OfferForm
        heldCents={heldCents}
        textLabel="Reason"
        textHelp="Both parties read it in the decision email."
        submitLabel="Decide and settle"
        pendingLabel="Settling…"
        pending={pending}
        onSubmit={(input) => void decide(input)}
      />
      <ErrorMessage message={error?.message} className="mt-3" />
    </section>
  )
}
