import 'server-only'
import { runSystemCommand } from '../contracts/run-command'
import { DUE_KINDS } from './due-kinds'
import type { JobHandler } from './run-jobs'

/** A DUE job's payload, written by persistOutcome from the domain's timers. */
export type DuePayload = { dueKind: string; contractId: string; subjectId: string; at: string }

/**
 * The DUE job handler: re-asks the domain through the same locked command path as a user's
 * request (runSystemCommand). The effect and its ledger, activity and emails commit together; a
 * timer that fires twice, on two instances or after a crash finds nothing left to do.
 */
export const dueJobHandler: JobHandler = async (job) => {
  const payload = job.payload as DuePayload
  const decide = Object.hasOwn(DUE_KINDS, payload.dueKind) ? DUE_KINDS[payload.dueKind] : undefined
  if (!decide) throw new Error(`No decision for due kind "${payload.dueKind}" (src/server/jobs/due-kinds.ts)`)
  const timer = { subjectId: payload.subjectId, at: new Date(payload.at) }
  await runSystemCommand({ contractId: payload.contractId, decide: (contract, ctx) => decide(contract, timer, ctx) })
}
