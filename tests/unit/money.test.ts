import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MAX_MILESTONE_CENTS,
  addCents,
  cents,
  distribute,
  formatCents,
  isCents,
  minCents,
  parseDollars,
  subtractCents,
  sumCents,
} from '../../src/domain/money'
import { expectError, usd } from './builders'

const parsed = (input: string) => {
  const result = parseDollars(input)
  if (!result.ok) throw new Error(`${input} did not parse: ${result.error.message}`)
  return result.value
}

describe('cents', () => {
  it('accepts whole numbers and refuses fractions and unsafe integers', () => {
    expect(cents(0)).toBe(0)
    expect(cents(-5)).toBe(-5)
    expect(() => cents(1.5)).toThrow(RangeError)
    expect(() => cents(2 ** 53)).toThrow(RangeError)
    expect(() => cents(Number.NaN)).toThrow(RangeError)
  })

  it('isCents tells safe integers from everything else', () => {
    expect(isCents(500)).toBe(true)
    expect(isCents(0.1)).toBe(false)
    expect(isCents('500')).toBe(false)
    expect(isCents(Number.POSITIVE_INFINITY)).toBe(false)
  })

  it('adds, subtracts, sums and compares exactly', () => {
    expect(addCents(usd(10), usd(20))).toBe(30)
    expect(subtractCents(usd(10), usd(20))).toBe(-10)
    expect(sumCents([])).toBe(0)
    expect(sumCents([usd(1), usd(2), usd(3)])).toBe(6)
    expect(minCents(usd(3), usd(2))).toBe(2)
    expect(minCents(usd(2), usd(3))).toBe(2)
  })

  it('0.1 + 0.2 dollars is exactly 30 cents (no floating point)', () => {
    expect(addCents(parsed('0.1'), parsed('0.2'))).toBe(30)
    expect(parsed('0.29')).toBe(29)
    expect(parsed('1.15')).toBe(115)
  })
})

describe('parseDollars', () => {
  it.each([
    ['$12.50', 1250],
    ['12.5', 1250],
    ['12', 1200],
    ['1,250.00', 125_000],
    ['$1,000,000.00', 100_000_000],
    ['  7.05 ', 705],
    ['0', 0],
    ['0.01', 1],
    ['007', 700],
    ['9999999999999.99', 999_999_999_999_999],
  ])('reads %s as %i cents', (input, expected) => {
    expect(parsed(input)).toBe(expected)
  })

  it.each(['-5', '$-5', '-0.01', '1.234', '12.', '.5', 'abc', '', '$', '1,25', '12,50', '1e3', '0x10', '1 000', '$$1', 'Infinity', '12.5.0', '99999999999999'])(
    'refuses %j',
    (input) => {
      expectError(parseDollars(input), 'VALIDATION_FAILED')
    },
  )

  it('refuses a value that is not a string without throwing', () => {
    expectError(parseDollars(42 as unknown as string), 'VALIDATION_FAILED')
  })
})

describe('formatCents', () => {
  it.each([
    [0, '$0.00'],
    [1, '$0.01'],
    [500, '$5.00'],
    [125_000, '$1,250.00'],
    [100_000_000, '$1,000,000.00'],
    [-5, '-$0.05'],
  ])('formats %i as %s', (value, text) => {
    expect(formatCents(usd(value))).toBe(text)
  })

  it('round-trips: parseDollars(formatCents(c)) = c for every non-negative amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (c) => {
        const text = formatCents(usd(c))
        // Amounts beyond what parseDollars accepts (13 digits of dollars) are refused, never misread.
        const result = parseDollars(text)
        if (c <= 999_999_999_999_999) expect(result).toEqual({ ok: true, value: c })
        else expect(result.ok).toBe(false)
      }),
    )
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_MILESTONE_CENTS }), (c) => parsed(formatCents(usd(c))) === c))
  })
})

describe('distribute', () => {
  it('hands the remainder out a cent at a time from the front', () => {
    expect(distribute(usd(100), 3)).toEqual([34, 33, 33])
    expect(distribute(usd(-100), 3)).toEqual([-34, -33, -33])
    expect(distribute(usd(0), 2)).toEqual([0, 0])
  })

  it('refuses a non-positive or fractional number of parts', () => {
    expect(() => distribute(usd(100), 0)).toThrow(RangeError)
    expect(() => distribute(usd(100), 1.5)).toThrow(RangeError)
  })

  it('parts always sum to the whole and differ by at most a cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 50 }), (total, parts) => {
        const shares = distribute(usd(total), parts)
        expect(shares).toHaveLength(parts)
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total)
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1)
      }),
    )
  })
})
