import 'server-only'

/**
 * JSON text already made for a value, so the answer is serialized once: a command with an
 * Idempotency-Key stores its answer as text and the response sends that same text (on a
 * 500-milestone plan the contract is 140 KB of JSON). Kept on globalThis under a registered
 * symbol: Next.js bundles this module into several chunks, and they must share one map.
 */
const KEY = Symbol.for('tranche.json-body')
const store = ((globalThis as Record<symbol, WeakMap<object, string> | undefined>)[KEY] ??= new WeakMap<object, string>())

/** Remembers `json` as the text of `value` (which must not change afterwards) and returns `value`. */
export function withJsonBody<T extends object>(value: T, json: string): T {
  store.set(value, json)
  return value
}

/** The JSON text of `value`: the one remembered for it, or a fresh JSON.stringify. */
export function jsonBodyOf(value: unknown): string {
  return (typeof value === 'object' && value !== null && store.get(value)) || JSON.stringify(value)
}
