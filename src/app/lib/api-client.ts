/**
 * The pages' one way to call the JSON API: JSON in, JSON out, and every failure turned into a
 * message a person can read (the API's own `error.message`, never raw JSON).
 */
export type ApiError = { code: string; message: string; details?: unknown }
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: ApiError }

type Options = { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown; idempotencyKey?: string }

export async function callApi<T>(path: string, { method = 'POST', body, idempotencyKey }: Options = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey
  let response: Response
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' })
  } catch {
    return { ok: false, status: 0, error: { code: 'NETWORK', message: 'Could not reach Tranche. Check your connection and try again.' } }
  }
  const json = (await response.json().catch(() => null)) as unknown
  if (response.ok) return { ok: true, data: json as T }
  return { ok: false, status: response.status, error: toApiError(response.status, json) }
}

function toApiError(status: number, json: unknown): ApiError {
  const error = (json as { error?: ApiError } | null)?.error
  if (status === 401) return { code: 'UNAUTHENTICATED', message: 'Your session has ended. Sign in again to continue.' }
  if (!error || typeof error.message !== 'string') {
    return { code: 'UNKNOWN', message: status >= 500 ? 'Something went wrong on our side. Try again.' : 'The request did not work. Try again.' }
  }
  return { ...error, message: withFieldErrors(error) }
}

/** zod's field errors (422 VALIDATION_FAILED) appended in plain words: "title: Give the milestone a title." */
function withFieldErrors(error: ApiError): string {
  const details = error.details as { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | undefined
  if (error.code !== 'VALIDATION_FAILED' || !details?.fieldErrors) return error.message
  const lines = Object.entries(details.fieldErrors).flatMap(([field, messages]) => (messages ?? []).map((m) => `${field}: ${m}`))
  return lines.length > 0 ? `${error.message} ${lines.join(' ')}` : error.message
}

/**
 * A fresh Idempotency-Key. Made once per dialog, so a double click or a retry of the same dialog
 * replays the first request instead of moving money twice (R13).
 */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
