// The fund → release cycle's requests, shared by the app, the framework floor and the machine
// limit: lane `l` funds a milestone, releases it, then the next one of its own contracts, so no two
// lanes touch the same contract row. A lane is a closed-loop connection, or, in an open loop,
// every n-th scheduled request.
import { randomUUID } from 'node:crypto'
import type { WriteOp } from '@/server/bench-replay'
import type { Step } from './load'

export type CycleContract = { id: string; milestones: { id: string; amountCents: number }[] }

type Slot = { contractId: string; milestoneId: string; amountCents: number }
export type CycleRequest = { op: WriteOp; slot: Slot }

/**
 * The lanes' requests in order, each lane keeping its place across calls (a warm-up, then the
 * measurement). `wrap` starts a lane over at its first milestone when it reaches the end: for
 * replays only, which check no state; the app refuses to fund a released milestone.
 */
export function fundReleaseLanes(lanes: CycleContract[][], wrap: boolean): (lane: number) => CycleRequest | undefined {
  const slots = lanes.map((contracts) =>
    contracts.flatMap((c) => c.milestones.map((m) => ({ contractId: c.id, milestoneId: m.id, amountCents: m.amountCents }))),
  )
  const cursors = slots.map(() => 0)
  return (lane) => {
    const at = lane % slots.length
    const list = slots[at]!
    const i = cursors[at]!
    const index = Math.floor(i / 2)
    const slot = wrap && list.length > 0 ? list[index % list.length] : list[index]
    if (!slot) return undefined
    cursors[at] = i + 1
    return { op: i % 2 === 0 ? 'fund' : 'release', slot }
  }
}

/** The app's API request for a cycle step, with a fresh Idempotency-Key as a client sends. */
export function appWriteStep({ op, slot }: CycleRequest): Step {
  const path = `/api/contracts/${slot.contractId}/milestones/${slot.milestoneId}/${op}`
  const headers = { 'idempotency-key': randomUUID() }
  return op === 'fund' ? { method: 'POST', path, headers } : { method: 'POST', path, body: { amountCents: slot.amountCents }, headers }
}

/** The framework floor's request for a cycle step: the app's request, at the floor's route of the same shape. */
export function floorWriteStep(request: CycleRequest): Step {
  const step = appWriteStep(request)
  return { ...step, path: `/api/bench${step.path.slice('/api'.length)}` }
}

/** The machine-limit server's request for a cycle step (bench/baseline.ts, `POST /write`). */
export function replayWriteStep({ op, slot }: CycleRequest): Step {
  return { method: 'POST', path: '/write', body: { op, contractId: slot.contractId, milestoneId: slot.milestoneId } }
}

/** `count` lanes of `perLane` contracts each, dealt from `contracts` in order. */
export function deal(contracts: CycleContract[], count: number, perLane: number): CycleContract[][] {
  return Array.from({ length: count }, (_, lane) => contracts.slice(lane * perLane, (lane + 1) * perLane))
}
