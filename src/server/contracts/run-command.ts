import 'server-only'
import { createHash, randomUUID } from 'node:crypto'
import type { Result } from '@/domain/errors'
import type { Outcome } from '@/domain/events'
import type { Actor, Context, Contract } from '@/domain/types'
import { Prisma } from '@/generated/prisma/client'
import { now as clockNow } from '../clock'
import { getDb } from '../db/client'
import { insertRows, sqlTransaction, type Sql } from '../db/sql'
import { CommandError } from '../errors'
import { withJsonBody } from '../json-body'
import { toContractView, type ContractView } from './contract-view'
import { loadContract } from './load-contract'
import { notify } from './notify'
import { persistOutcome } from './persist'

export type Idempotency = { key: string; endpoint: string; request: unknown }

export type CommandOptions = {
  actor: Actor
  contractId: string
  /** R13: money commands pass the client's Idempotency-Key; a replay returns the first result. */
  idempotency?: Idempotency
  /** R21: the actor is an operator (the caller checked OPERATOR_EMAILS) and need not be a member. */
  asOperator?: boolean
  decide: (contract: Contract, ctx: Context) => Result<Outcome>
}

/** Serialization failures and deadlocks are retried this many times before giving up. */
const MAX_ATTEMPTS = 4

/**
 * Runs one command on one contract in one transaction: lock the contract row, load the aggregate,
 * ask the domain, write state + ledger + activity + outbox together, commit. A refused command
 * throws a CommandError and leaves nothing behind.
 */
export async function runContractCommand(options: CommandOptions): Promise<ContractView> {
  return withRetries(() => sqlTransaction((sql) => runInTransaction(sql, options)))
}

export type SystemCommandOptions = {
  contractId: string
  /** The domain's decision; null when there is nothing to do (a stale or repeated timer). */
  decide: (contract: Contract, ctx: Context) => Outcome | null
}

/**
 * A decision the system takes on its own (a due timer: auto-release, reminder, expiry), through
 * the same path as a user's command: lock the contract row, load the aggregate, ask the domain with
 * the application clock, persist, notify, in one transaction. The actor is "system": activity rows
 * carry no actorId. Returns whether anything happened; a contract that is gone is nothing to do.
 */
export async function runSystemCommand(options: SystemCommandOptions): Promise<boolean> {
  return withRetries(() =>
    sqlTransaction(async (sql) => {
      const { contractId } = options
      const locked = await sql(`SELECT "id" FROM "Contract" WHERE "id" = $1 FOR UPDATE`, [contractId])
      if (locked.length === 0) return false
      const now = await clockNow(sql)
      const { contract: before, parties } = (await loadContract(sql, contractId))!
      const decided = options.decide(before, { now, newId: randomUUID })
      if (!decided) return false
      await persistOutcome(sql, before, decided, null, now)
      await notify(sql, { contract: decided.contract, parties, actorId: null, events: decided.events, now })
      return true
    }),
  )
}

/**
 * Runs `work` in one Prisma interactive transaction (code off the hot path: settings, webhooks),
 * retried and mapped as `withRetries` says.
 */
export function inTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return withRetries(() => getDb().$transaction(work))
}

/**
 * Runs a transaction, retrying serialization failures and deadlocks a bounded number of times
 * and turning constraint violations into the domain errors they mean.
 */
async function withRetries<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction()
    } catch (error) {
      const mapped = mapDatabaseError(error)
      if (mapped === 'retry' && attempt < MAX_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20))
        continue
      }
      throw mapped === 'retry' ? error : mapped
    }
  }
}

async function runInTransaction(sql: Sql, options: CommandOptions): Promise<ContractView> {
  const { actor, contractId, idempotency } = options
  // The lock and the load are two statements on purpose: a statement that waited for the lock
  // still reads the other tables as of when it began, so the load must start after the lock.
  const locked = await sql<{ clientId: string; expertId: string }>(`SELECT "clientId", "expertId" FROM "Contract" WHERE "id" = $1 FOR UPDATE`, [contractId])
  // Membership first: an outsider replaying one of their own idempotency keys must get the same
  // NOT_FOUND as for a contract that does not exist, not a conflict that reveals this one.
  const members = locked[0]
  const isMember = members && (members.clientId === actor.userId || members.expertId === actor.userId)
  if (!members || (!isMember && !options.asOperator)) throw new CommandError('NOT_FOUND', 'No such contract.')

  const requestHash = idempotency ? hashRequest(contractId, idempotency.request) : ''
  if (idempotency) {
    const [first] = await sql<{ requestHash: string; responseBody: string }>(
      `SELECT "requestHash", "responseBody" FROM "IdempotencyKey" WHERE "contractId" = $1 AND "userId" = $2 AND "endpoint" = $3 AND "key" = $4`,
      [contractId, actor.userId, idempotency.endpoint, idempotency.key],
    )
    if (first) {
      if (first.requestHash !== requestHash) {
        throw new CommandError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request.')
      }
      return withJsonBody(JSON.parse(first.responseBody) as ContractView, first.responseBody)
    }
  }

  // The application clock (decision 009), read under the lock and on every attempt: a command that
  // waited for the lock, or was retried, acts at the time it runs, after the one it waited for.
  const now = await clockNow(sql)
  // Locked above, so it is there.
  const { contract: before, parties } = (await loadContract(sql, contractId))!
  const result = options.decide(before, { now, newId: randomUUID })
  if (!result.ok) {
    // R9: a stale save gets the current contract back, so the caller can redo its edit on it.
    const details = result.error.code === 'STALE_PLAN_VERSION' ? toContractView(before, parties, actor.userId, now) : result.error.details
    throw new CommandError(result.error.code, result.error.message, details)
  }

  await persistOutcome(sql, before, result.value, actor.userId, now)
  await notify(sql, { contract: result.value.contract, parties, actorId: actor.userId, events: result.value.events, now })
  const view = toContractView(result.value.contract, parties, actor.userId, now)

  if (idempotency) {
    const { endpoint, key } = idempotency
    const responseBody = JSON.stringify(view)
    await insertRows(sql, 'IdempotencyKey', [{ id: randomUUID(), contractId, userId: actor.userId, endpoint, key, requestHash, statusCode: 200, responseBody, createdAt: now }])
    return withJsonBody(view, responseBody)
  }
  return view
}

function hashRequest(contractId: string, request: unknown): string {
  return createHash('sha256').update(JSON.stringify([contractId, request])).digest('hex')
}

/** Constraint names from the migration, and the rule each one enforces. */
const CONSTRAINT_ERRORS: [string, CommandError][] = [
  ['Milestone_one_in_progress_per_contract', new CommandError('ANOTHER_MILESTONE_IN_PROGRESS', 'Another milestone is already in progress.')],
  ['ChangeRequest_one_pending_per_contract', new CommandError('CHANGE_REQUEST_PENDING', 'A change request is already pending.')],
  ['Review_contractId_authorRole_key', new CommandError('ALREADY_REVIEWED', 'You have already reviewed this contract.')],
  ['Dispute_one_open_per_contract', new CommandError('DISPUTE_OPEN', 'A dispute is already open on this contract.')],
]

/**
 * What a database error means for the command: a domain error when a constraint enforced a rule,
 * 'retry' for serialization failures, deadlocks and a racing duplicate idempotency key (the retry
 * then sees the first request's row), or the error itself.
 */
export function mapDatabaseError(error: unknown): unknown {
  if (error instanceof CommandError) return error
  const text = describe(error)
  for (const [constraint, mapped] of CONSTRAINT_ERRORS) if (text.includes(constraint)) return mapped
  if (/40001|40P01|P2034|deadlock|could not serialize|IdempotencyKey_contractId_userId_endpoint_key_key/i.test(text)) return 'retry'
  if (/idempotencykey/i.test(text) && /unique/i.test(text)) return 'retry'
  return error
}

function describe(error: unknown): string {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return `${error.code} ${error.message} ${JSON.stringify(error.meta ?? {})}`
  // A pg error (the hand-written statements) carries its SQLSTATE in `code`.
  const code = (error as { code?: unknown } | null)?.code
  return error instanceof Error ? `${typeof code === 'string' ? code : ''} ${error.message} ${JSON.stringify((error as { cause?: unknown }).cause ?? '')}` : String(error)
}
