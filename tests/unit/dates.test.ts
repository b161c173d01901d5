import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, dueCutoff, isPastDay, isValidIsoDate, todayAoE } from '../../src/domain/dates'

describe('isValidIsoDate', () => {
  it.each(['2026-01-01', '2024-02-29', '2026-12-31', '0050-06-01', '9999-12-31'])('accepts %s', (day) => {
    expect(isValidIsoDate(day)).toBe(true)
  })

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-1', '26-01-01', '2026-01-01T00:00', '', 'tomorrow', 20260101, null])(
    'refuses %j',
    (day) => {
      expect(isValidIsoDate(day)).toBe(false)
    },
  )
})

describe('todayAoE (Anywhere on Earth, UTC−12)', () => {
  it('is still yesterday (UTC) until 12:00 UTC', () => {
    expect(todayAoE(new Date('2026-06-16T11:59:59.999Z'))).toBe('2026-06-15')
    expect(todayAoE(new Date('2026-06-16T12:00:00.000Z'))).toBe('2026-06-16')
  })

  it('does not depend on the process time zone (tests run in Pacific/Auckland)', () => {
    expect(process.env.TZ).toBe('Pacific/Auckland')
    // 2026-06-16 09:00 in Auckland is 2026-06-15 21:00 UTC: the AoE day is the 15th.
    expect(todayAoE(new Date('2026-06-15T21:00:00.000Z'))).toBe('2026-06-15')
  })
})

describe('isPastDay', () => {
  const yesterday = '2026-06-15'
  it('a day is not past at 11:59 UTC the next day: it is still running at UTC−12', () => {
    expect(isPastDay(yesterday, new Date('2026-06-16T11:59:00.000Z'))).toBe(false)
  })

  it('a day is past from 12:00 UTC the next day', () => {
    expect(isPastDay(yesterday, new Date('2026-06-16T12:00:00.000Z'))).toBe(true)
  })

  it('today and future days are never past', () => {
    const now = new Date('2026-06-16T23:59:00.000Z')
    expect(isPastDay('2026-06-16', now)).toBe(false)
    expect(isPastDay('2027-01-01', now)).toBe(false)
  })
})

describe('daysBetween and addDays', () => {
  it('count calendar days across month, year and leap-day boundaries', () => {
    expect(daysBetween('2026-06-15', '2026-06-15')).toBe(0)
    expect(daysBetween('2026-06-15', '2026-06-18')).toBe(3)
    expect(daysBetween('2026-06-18', '2026-06-15')).toBe(-3)
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2)
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1)
    // Across the Auckland daylight-saving change: still whole days.
    expect(daysBetween('2026-04-01', '2026-04-10')).toBe(9)
    expect(daysBetween('0050-01-01', '0050-01-02')).toBe(1)
  })

  it('addDays is the inverse of daysBetween', () => {
    expect(addDays('2026-06-15', 1)).toBe('2026-06-16')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(daysBetween('2026-06-15', addDays('2026-06-15', 400))).toBe(400)
  })
})

describe('dueCutoff', () => {
  it('is the end of the day Anywhere on Earth: noon UTC the next day', () => {
    expect(dueCutoff('2026-06-15').toISOString()).toBe('2026-06-16T12:00:00.000Z')
    expect(isPastDay('2026-06-15', new Date(dueCutoff('2026-06-15').getTime() - 1))).toBe(false)
    expect(isPastDay('2026-06-15', dueCutoff('2026-06-15'))).toBe(true)
  })
})
