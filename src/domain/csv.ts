/**
 * CSV as RFC 4180 writes it, for files people open in a spreadsheet: fields separated by commas,
 * records ended by CRLF, a field quoted when it holds a comma, a double quote, CR or LF, and a
 * double quote inside a quoted field doubled.
 */

/**
 * The UTF-8 byte order mark. Excel reads a CSV file without one in the machine's legacy code page,
 * so "José" or "→" arrive garbled; with it, Excel, LibreOffice, Numbers and Google Sheets all read
 * UTF-8. Tools that do not expect it see it as part of the first header name (docs/PRODUCT.md, R24).
 */
export const UTF8_BOM = '\uFEFF'

const NEEDS_QUOTES = /[",\r\n]/

/** One field, quoted only when RFC 4180 requires it. */
export function encodeCsvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/**
 * Records as RFC 4180 text, every record ended by CRLF. A record of one empty field is written
 * `""`, so it cannot be read back as an empty line.
 */
export function encodeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => (row.length === 1 && row[0] === '' ? '""' : row.map(encodeCsvField).join(',')) + '\r\n').join('')
}

// What spreadsheets treat as the start of a formula when a file is opened (OWASP, "CSV Injection"):
// =, + and - start a formula, @ calls a function, and a leading tab or CR can hide any of them.
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * Defuses spreadsheet formula injection: a field starting with = + - @ tab or CR gets a leading
 * apostrophe, so a milestone titled `=HYPERLINK(...)` shows as text instead of running. Changes
 * the text only for such fields; the JSON export keeps every value exactly.
 */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}
