import type { IsoDate } from './types'

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000
// Anywhere on Earth is UTC−12: the last place where a calendar day is still running.
const AOE_OFFSET_MS = 12 * 3_600_000

/** Whether `value` is a real calendar day written "YYYY-MM-DD" (no 2026-02-30). */
export function isValidIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false
  const match = ISO_DATE.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = utcDay(year, month, day)
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

function utcDay(year: number, month: number, day: number): Date {
  const date = new Date(0)
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day)
  return date
}

/**
 * The calendar day still running somewhere on Earth at `now`: the UTC date of `now − 12h`. A due
 * date counts as past only once it has ended everywhere, so nobody loses a day to their time zone.
 */
export function todayAoE(now: Date): IsoDate {
  return new Date(now.getTime() - AOE_OFFSET_MS).toISOString().slice(0, 10)
}

/** Whether `day` has ended everywhere on Earth at `now` (R10). */
export function isPastDay(day: IsoDate, now: Date): boolean {
  // "YYYY-MM-DD" strings sort like the days they name.
  return day < todayAoE(now)
}

function dayNumber(day: IsoDate): number {
  return utcDay(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))).getTime() / DAY_MS
}

/** Whole days from `a` to `b` (negative when `b` is earlier). Pure calendar arithmetic, no zones. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a)
}

/** The day `days` after `day` (before, when negative). */
export function addDays(day: IsoDate, days: number): IsoDate {
  return new Date((dayNumber(day) + days) * DAY_MS).toISOString().slice(0, 10)
}

/**
 * The instant a due day ends Anywhere on Earth (R10, decision 003): midnight at UTC−12 after the
 * day, i.e. noon UTC the next day. Pages show it in the reader's local time.
 */
export function dueCutoff(day: IsoDate): Date {
  return new Date((dayNumber(day) + 1) * DAY_MS + AOE_OFFSET_MS)
}
