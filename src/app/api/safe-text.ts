import { z } from 'zod'

/**
 * The one character rule for text the API stores and shows to someone else (titles, names,
 * descriptions, messages, reasons, comments). Every text field schema is built from `safeText`.
 *
 * - PostgreSQL cannot store U+0000 or a lone UTF-16 surrogate (JSON's "\ud800"): either would fail
 *   the query (a 500), so both are refused (also in ids: `storableText`).
 * - C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F) have no business in a title or a
 *   message: they can rewrite a terminal, a log line or an email header. Multi-line fields keep
 *   tab, line feed and carriage return; single-line fields also refuse the Unicode line and
 *   paragraph separators (U+2028, U+2029).
 * - Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) make text
 *   display in another order than it is stored ("Trojan Source", CVE-2021-42574): a milestone
 *   reading "$50" could be stored as "$05". The marks U+200E, U+200F and U+061C stay allowed:
 *   right-to-left text needs them and they reorder nothing.
 */
const NO_NUL = /^[^\u0000]*$/
const NO_LONE_SURROGATE = /^\P{Cs}*$/u
const NO_CONTROL_ONE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/
const NO_CONTROL_MULTI_LINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/
const NO_BIDI_CONTROL = /^[^\u202a-\u202e\u2066-\u2069]*$/

/** Text PostgreSQL can store: no NUL, no lone surrogate. For ids and other text no one reads. */
export function storableText(label = 'Text') {
  return z
    .string()
    .regex(NO_NUL, `${label} cannot contain NUL characters.`)
    .regex(NO_LONE_SURROGATE, `${label} must be valid Unicode (no lone surrogates).`)
}

/** Text people read: storable, without control characters (tab and line breaks only when `multiline`) or bidi controls. */
export function safeText({ label, multiline = false }: { label: string; multiline?: boolean }) {
  return storableText(label)
    .regex(multiline ? NO_CONTROL_MULTI_LINE : NO_CONTROL_ONE_LINE, `${label} cannot contain control characters${multiline ? ' (tabs and line breaks are fine)' : ' or line breaks'}.`)
    .regex(NO_BIDI_CONTROL, `${label} cannot contain bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069).`)
}
