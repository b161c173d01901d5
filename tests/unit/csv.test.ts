import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeCsv, encodeCsvField, neutralizeFormula } from '../../src/domain/csv'
import { parseCsv } from './rfc4180-reader'

// Characters that exercise every quoting rule, plus ordinary and non-ASCII text.
const tricky = fc.string({ unit: fc.constantFrom(',', '"', '\r', '\n', ' ', 'a', 'Z', '0', 'é', '→', '😀', '=', '-', "'") })
const anyText = fc.oneof(tricky, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }))
const rows = fc.array(fc.array(anyText, { minLength: 1, maxLength: 6 }), { maxLength: 8 })

describe('encodeCsv (RFC 4180)', () => {
  it('leaves plain fields alone and quotes only fields with a comma, quote, CR or LF', () => {
    expect(encodeCsvField('plain text; with € and “quotes”')).toBe('plain text; with € and “quotes”')
    expect(encodeCsvField('a,b')).toBe('"a,b"')
    expect(encodeCsvField('say "hi"')).toBe('"say ""hi"""')
    expect(encodeCsvField('two\nlines')).toBe('"two\nlines"')
    expect(encodeCsvField('cr\r')).toBe('"cr\r"')
    expect(encodeCsvField('')).toBe('')
  })

  it('ends every record with CRLF, and writes a record of one empty field as ""', () => {
    expect(encodeCsv([['a', 'b'], ['', 'c']])).toBe('a,b\r\n,c\r\n')
    expect(encodeCsv([['x'], ['']])).toBe('x\r\n""\r\n')
    expect(encodeCsv([])).toBe('')
  })

  it('round-trips any fields through an independent RFC 4180 reader', () => {
    fc.assert(
      fc.property(rows, (input) => {
        expect(parseCsv(encodeCsv(input))).toEqual(input)
      }),
    )
  })

  it('the reader refuses what RFC 4180 forbids, so the round trip means something', () => {
    expect(() => parseCsv('a"b\r\n')).toThrow()
    expect(() => parseCsv('"open\r\n')).toThrow()
    expect(() => parseCsv('a\nb\r\n')).toThrow()
    expect(() => parseCsv('a,b')).toThrow()
  })
})

describe('neutralizeFormula', () => {
  it('puts an apostrophe before a field a spreadsheet would run as a formula', () => {
    expect(neutralizeFormula('=HYPERLINK("http://evil.example","Click")')).toBe('\'=HYPERLINK("http://evil.example","Click")')
    expect(neutralizeFormula('+1')).toBe("'+1")
    expect(neutralizeFormula('-2+3')).toBe("'-2+3")
    expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(neutralizeFormula('\t=1')).toBe("'\t=1")
    expect(neutralizeFormula('\r=1')).toBe("'\r=1")
  })

  it('leaves every other field exactly as it was', () => {
    for (const text of ['', 'Design', '2026-06-15T15:00:00.000Z', '12500', 'a=b', "'quoted", '{"a":1}']) expect(neutralizeFormula(text)).toBe(text)
  })

  it('never leaves a formula start, and changes nothing but that one apostrophe', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const safe = neutralizeFormula(text)
        expect(safe).not.toMatch(/^[=+\-@\t\r]/)
        expect(safe === text || safe === `'${text}`).toBe(true)
      }),
    )
  })
})
