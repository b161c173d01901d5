import { ChangesList } from './changes-list'
import type { PlanChange } from '@/domain/plan-diff'
import type { ContractView } from './types'
import { buttonPrimary, buttonSecondary } from './ui'

export type Stale = { contract: ContractView; changes: PlanChange[]; offset: number }

/** A save refused because the plan changed meanwhile (R9): what changed, and how to go on. */
export function StaleNotice({ stale, onRedo, onDiscard }: { stale: Stale; onRedo: () => void; onDiscard: () => void }) {
  return (
    <section role="alert" aria-labelledby="stale-heading" className="rounded-lg border border-amber-300 bg-amber-50 p-4 sm:p-5">
      <h2 id="stale-heading" className="font-semibold text-amber-950">
        The plan changed while you were editing
      </h2>
      <p className="mt-1 text-sm text-amber-900">Nothing was saved. Since you opened the editor, the saved plan changed like this:</p>
      <div className="mt-3 rounded-md bg-white/70 p-3">
        <ChangesList changes={stale.changes} offset={stale.offset} empty="Milestones were funded or paid; the upcoming plan itself is the same." />
      </div>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" className={buttonPrimary} onClick={onRedo}>
          Redo my edits on the new plan
        </button>
        <button type="button" className={buttonSecondary} onClick={onDiscard}>
          Discard my edits
        </button>
      </div>
    </section>
  )
}
