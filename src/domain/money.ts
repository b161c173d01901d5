import { fail, ok, type Result } from './errors'

/**
 * Integer cents in the contract currency (USD). The brand keeps a raw `number` (which could be a
 * float, or dollars) from reaching money code without passing `cents()` or `parseDollars()` first.
 */
export type Cents = number & { readonly __brand: 'Cents' }

/** R1: $5.00, the smallest milestone worth the payment fees. */
export const MIN_MILESTONE_CENTS = 500 as Cents
/** R1: $1,000,000.00, the largest single milestone the escrow provider accepts. */
export const MAX_MILESTONE_CENTS = 100_000_000 as Cents
/** R4: no escrow payment below $5.00 (card fees would eat a smaller one). */
export const MIN_DEPOSIT_CENTS = 500 as Cents
export const ZERO_CENTS = 0 as Cents

/** Whether `n` is a whole number of cents that arithmetic keeps exact (a safe integer). */
export function isCents(n: unknown): n is Cents {
  return typeof n === 'number' && Number.isSafeInteger(n)
}

/** Brands `n` as cents; throws on a float or an unsafe integer, because that is a programming error. */
export function cents(n: number): Cents {
  if (!isCents(n)) throw new RangeError(`Not a whole number of cents: ${n}`)
  return n
}

/** a + b, exact. */
export function addCents(a: Cents, b: Cents): Cents {
  return cents(a + b)
}

/** a − b, exact (may be negative; callers check the sign where it matters). */
export function subtractCents(a: Cents, b: Cents): Cents {
  return cents(a - b)
}

/** The sum of a list of amounts (0 for an empty list). */
export function sumCents(values: readonly Cents[]): Cents {
  return values.reduce<Cents>((total, v) => addCents(total, v), ZERO_CENTS)
}

/** The smaller of two amounts. */
export function minCents(a: Cents, b: Cents): Cents {
  return a < b ? a : b
}

// Digits, optionally grouped by thousands with commas, then at most two decimals.
const DOLLARS = /^\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/
// 13 digits of dollars = 15 digits of cents, comfortably inside 2^53.
const MAX_DOLLAR_DIGITS = 13

/**
 * Parses what a person types as dollars ("$12.50", "12.5", "12", "1,250.00") into cents, with
 * string and integer arithmetic only: parseFloat("0.29") * 100 is 28.999999999999996.
 * Refuses negatives, more than two decimals and anything else (VALIDATION_FAILED).
 */
export function parseDollars(input: string): Result<Cents> {
  const text = typeof input === 'string' ? input.trim() : ''
  if (text.startsWith('-') || text.startsWith('$-')) return fail('VALIDATION_FAILED', 'An amount cannot be negative.', { input })
  const match = DOLLARS.exec(text)
  if (!match) return fail('VALIDATION_FAILED', 'Enter an amount such as 12.50, with at most two decimals.', { input })
  // Group 1 always takes part in a match; group 2 (the decimals) is optional.
  const whole = match[1]!.replaceAll(',', '').replace(/^0+(?=\d)/, '')
  if (whole.length > MAX_DOLLAR_DIGITS) return fail('VALIDATION_FAILED', 'That amount is too large.', { input })
  const fraction = (match[2] ?? '').padEnd(2, '0')
  return ok(cents(Number(whole) * 100 + Number(fraction)))
}

/** "$1,250.00" for 125000; "-$0.05" for -5. For display only; parse input with `parseDollars`. */
export function formatCents(c: Cents): string {
  const sign = c < 0 ? '-' : ''
  const abs = Math.abs(c)
  const whole = Math.floor(abs / 100)
  const fraction = String(abs % 100).padStart(2, '0')
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}$${grouped}.${fraction}`
}

/**
 * Splits `total` into `parts` integer amounts that differ by at most a cent and always sum to
 * `total`: integer division first, then the remainder handed out a cent at a time from the front
 * (as dinero.js's distribute does), so no cent is lost or invented.
 */
export function distribute(total: Cents, parts: number): Cents[] {
  if (!Number.isSafeInteger(parts) || parts < 1) throw new RangeError(`Cannot split into ${parts} parts`)
  const sign = total < 0 ? -1 : 1
  const abs = Math.abs(total)
  const share = Math.floor(abs / parts)
  const remainder = abs % parts
  return Array.from({ length: parts }, (_, i) => cents(sign * (share + (i < remainder ? 1 : 0))))
}
