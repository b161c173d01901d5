import 'server-only'
import { CommandError, EdgeError } from './errors'

/**
 * Security events as structured log lines: one JSON object per line on stdout, for a log shipper
 * to collect (ASVS V16). The event types are a closed list and carry only ids, codes, counts and
 * the client address: never an email body, token, cookie, secret or magic link, so no call site
 * can leak one by passing the wrong field.
 */
export type SecurityEvent =
  | { event: 'auth.sign_in'; userId: string; provider: string }
  | { event: 'auth.sign_in_refused'; provider: string; reason: 'NOT_A_DEMO_ACCOUNT' | 'LINK_INVALID_OR_EXPIRED' }
  | { event: 'auth.sign_out'; userId: string }
  | { event: 'auth.sign_out_everywhere'; userId: string }
  | { event: 'auth.session_refused'; userId: string | null; reason: 'REVOKED' | 'EXPIRED' | 'SIGNED_OUT_EVERYWHERE' | 'UNKNOWN_USER' }
  | { event: 'auth.token_refused'; userId: string | null; tokenId: string | null; reason: 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_REVOKED'; ip?: string }
  | { event: 'auth.tokens_revoked'; userId: string; count: number; reason: 'SIGN_OUT_EVERYWHERE' }
  | { event: 'authz.refused'; status: number; code: string; userId: string | null; method: string; path: string; ip?: string }
  | { event: 'rate_limit.hit'; rule: string; subject: string; retryAfterSeconds: number; ip?: string }

/** Where the lines go; tests swap it to read them. */
type Sink = (line: string) => void
const defaultSink: Sink = (line) => process.stdout.write(line)
let sink: Sink = defaultSink

/** Events a user chose (the rest are refusals and limits: warnings). */
const INFO_EVENTS = new Set<SecurityEvent['event']>(['auth.sign_in', 'auth.sign_out', 'auth.sign_out_everywhere', 'auth.tokens_revoked'])

/** Writes one event as one line of JSON, with its time and level. */
export function logSecurityEvent(event: SecurityEvent, now: Date = new Date()): void {
  const level = INFO_EVENTS.has(event.event) ? 'info' : 'warn'
  sink(`${JSON.stringify({ time: now.toISOString(), level, category: 'security', ...event })}\n`)
}

/** The refusals that say "you may not": who is not signed in (or sent a bad token), asked from another site, has the wrong role or token scope, or is not a member. */
const REFUSALS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  CROSS_SITE_REQUEST: 403,
  TOKEN_SCOPE: 403,
  FORBIDDEN_FOR_ROLE: 403,
  NOT_FOUND: 404,
}

/**
 * Logs `error` as `authz.refused` when it is a refused authorization (401, 403, or the 404 that
 * outsiders and unknown ids get alike). The path is logged without its query string.
 */
export function logRefusedAuthorization(error: unknown, { userId, request, ip }: { userId: string | null; request: Request; ip?: string }): void {
  if (!(error instanceof EdgeError || error instanceof CommandError)) return
  const status = REFUSALS[error.code]
  if (status === undefined) return
  logSecurityEvent({ event: 'authz.refused', status, code: error.code, userId, method: request.method, path: new URL(request.url).pathname, ...(ip ? { ip } : {}) })
}

/** For tests: collect the lines instead of printing them; returns the collected lines and a restore. */
export function captureSecurityLog(): { lines: string[]; events: () => Record<string, unknown>[]; restore: () => void } {
  const lines: string[] = []
  sink = (line) => lines.push(line)
  return {
    lines,
    events: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      sink = defaultSink
    },
  }
}
