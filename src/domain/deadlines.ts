import { daysBetween, isPastDay, todayAoE } from './dates'
import { isInProgress } from './escrow'
import type { Contract, IsoDate, Milestone } from './types'

/** A milestone in progress whose due day has ended everywhere on Earth (R10). */
export function isOverdue(milestone: Milestone, now: Date): boolean {
  return isInProgress(milestone) && milestone.dueDate !== null && isPastDay(milestone.dueDate, now)
}

export type DeadlineEntry = {
  readonly milestoneId: string
  readonly title: string
  readonly dueDate: IsoDate
  /** The day of the release, Anywhere on Earth, the same calendar the due date is judged by. */
  readonly releasedOn: IsoDate
  /** 0 when released on or before the due day. */
  readonly daysLate: number
}

export type DeadlineRecord = {
  readonly milestones: readonly DeadlineEntry[]
  readonly lateCount: number
  readonly totalDaysLate: number
}

/** The computed deadline record shown beside the timeliness rating (R12): released milestones with a due date. */
export function deadlineRecord(contract: Contract): DeadlineRecord {
  const milestones: DeadlineEntry[] = []
  for (const m of contract.milestones) {
    if (m.state !== 'RELEASED' || m.dueDate === null || m.releasedAt === null) continue
    const releasedOn = todayAoE(m.releasedAt)
    milestones.push({ milestoneId: m.id, title: m.title, dueDate: m.dueDate, releasedOn, daysLate: Math.max(0, daysBetween(m.dueDate, releasedOn)) })
  }
  const late = milestones.filter((m) => m.daysLate > 0)
  return { milestones, lateCount: late.length, totalDaysLate: late.reduce((sum, m) => sum + m.daysLate, 0) }
}
