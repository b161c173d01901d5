import { getDb } from '@/server/db/client'

/**
 * What the API suites (authorization, rules, hostile input) need from a way of calling the API,
 * so the same case tables run in-process against the route handlers (tests/integration/api) and
 * over real HTTP against the production build (tests/http). The suites name who calls and what
 * they send; the client decides how: a mocked session in-process, a demo sign-in's session cookie
 * over HTTP.
 */

/**
 * A person who can call the API: a user row, and over HTTP their session cookie. With `token` the
 * call carries `Authorization: Bearer <token>` and no session at all, as a script sends it.
 */
export type Party = { userId: string; email: string; name: string | null; cookie?: string; token?: string }

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export type ApiCall = {
  /** Who is signed in; null for anonymous (no cookie at all). */
  as: Party | null
  method: Method
  path: string
  /** Sent as JSON with `Content-Type: application/json` unless `headers` say otherwise. */
  body?: unknown
  /** Sent as is, instead of `body`. */
  rawBody?: string
  /** Added to (or, with the same name, replacing) the defaults: a same-origin browser's headers. */
  headers?: Record<string, string>
}

/** A parsed JSON body: tests check its shape with assertions and the representation schemas. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately untyped, see above
export type Json = any

export type ApiResponse<T = Json> = { status: number; body: T; text: string; headers: Headers; bytes?: Uint8Array }

export type ApiClient = {
  /** 'in-process' calls the route handlers; 'http' sends bytes to the production build. */
  kind: 'in-process' | 'http'
  call<T = Json>(call: ApiCall): Promise<ApiResponse<T>>
  /**
   * A client, an expert and an outsider to contract with: fresh users in-process; over HTTP the
   * seeded demo accounts (the only ones demo sign-in accepts), so a test must not assume it sees
   * only its own contracts in a list.
   */
  parties(): Promise<{ client: Party; expert: Party; outsider: Party }>
  /**
   * R21: two sessions of operators: in-process two accounts OPERATOR_EMAILS names; over HTTP the
   * demo's operator@example.com signed in twice (the only operator demo sign-in accepts).
   */
  operators(): Promise<[Party, Party]>
}

export const milestone = (title: string, amountCents = 10_000, extra: Record<string, unknown> = {}) => ({ title, amountCents, ...extra })

/** A client, an expert and an outsider, and a contract created through POST /api/contracts. */
export async function createApiScenario(api: ApiClient, plan: ReturnType<typeof milestone>[] = [milestone('Design'), milestone('Build', 20_000)]) {
  const { client, expert, outsider } = await api.parties()
  const created = await api.call({ as: client, method: 'POST', path: '/api/contracts', body: { title: 'API contract', expertEmail: expert.email, milestones: plan } })
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${created.text}`)
  const id: string = created.body.id
  const call = (as: Party | null, method: Method, sub = '', body?: unknown, headers?: Record<string, string>) =>
    api.call({ as, method, path: `/api/contracts/${id}${sub}`, body, headers })
  return { client, expert, outsider, id, contract: created.body, api: call }
}

export type Scenario = Awaited<ReturnType<typeof createApiScenario>>

/** Calls that must succeed: throws with the error body otherwise, so setup failures are readable. */
export async function expectOk<T = Json>(response: Promise<ApiResponse<T>>): Promise<T> {
  const r = await response
  if (r.status >= 300) throw new Error(`expected success, got ${r.status} ${r.text}`)
  return r.body
}

/**
 * Everything stored about a contract and its parties, as one digest plus the counts the tests
 * name: a refused request must leave all of it exactly as it was.
 */
export async function stateOf(contractId: string, userIds: string[]) {
  const [row] = await getDb().$queryRaw<{ ledger: number; outbox: number; activity: number; keys: number; contracts: number; digest: string }[]>`
    SELECT
      (SELECT count(*)::int FROM "LedgerEntry" WHERE "contractId" = ${contractId}) AS ledger,
      (SELECT count(*)::int FROM "Job" WHERE "contractId" = ${contractId}) AS outbox,
      (SELECT count(*)::int FROM "ActivityEvent" WHERE "contractId" = ${contractId}) AS activity,
      (SELECT count(*)::int FROM "IdempotencyKey" WHERE "userId" = ANY(${userIds}::text[])) AS keys,
      (SELECT count(*)::int FROM "Contract" WHERE "clientId" = ANY(${userIds}::text[]) OR "expertId" = ANY(${userIds}::text[])) AS contracts,
      md5(concat_ws('|',
        (SELECT row_to_json(c)::text FROM "Contract" c WHERE c.id = ${contractId}),
        (SELECT json_agg(m ORDER BY m.id)::text FROM "Milestone" m WHERE m."contractId" = ${contractId}),
        (SELECT json_agg(r ORDER BY r.id)::text FROM "ChangeRequest" r WHERE r."contractId" = ${contractId}),
        (SELECT json_agg(e ORDER BY e.id)::text FROM "ExtensionRequest" e WHERE e."contractId" = ${contractId}),
        (SELECT json_agg(l ORDER BY l.id)::text FROM "LedgerEntry" l WHERE l."contractId" = ${contractId}),
        (SELECT json_agg(a ORDER BY a.id)::text FROM "ActivityEvent" a WHERE a."contractId" = ${contractId}),
        (SELECT json_agg(o.id ORDER BY o.id)::text FROM "Job" o WHERE o."contractId" = ${contractId}),
        (SELECT json_agg(v ORDER BY v.id)::text FROM "Review" v WHERE v."contractId" = ${contractId}),
        (SELECT json_agg(p ORDER BY p.version)::text FROM "PlanVersion" p WHERE p."contractId" = ${contractId}),
        (SELECT json_agg(d ORDER BY d.id)::text FROM "Dispute" d WHERE d."contractId" = ${contractId}),
        (SELECT json_agg(f ORDER BY f.id)::text FROM "DisputeOffer" f WHERE f."contractId" = ${contractId}),
        (SELECT json_agg(k ORDER BY k.id)::text FROM "IdempotencyKey" k WHERE k."userId" = ANY(${userIds}::text[])),
        (SELECT json_agg(u ORDER BY u.id)::text FROM "User" u WHERE u.id = ANY(${userIds}::text[]))
      )) AS digest`
  return row!
}

/** The contract as its client sees it (raw text, for byte comparison) and the stored state. */
export async function snapshot(api: ApiClient, contractId: string, client: Party, userIds: string[]) {
  const view = await api.call({ as: client, method: 'GET', path: `/api/contracts/${contractId}` })
  if (view.status !== 200) throw new Error(`snapshot GET failed: ${view.status} ${view.text}`)
  return { view: view.text, state: await stateOf(contractId, userIds) }
}
