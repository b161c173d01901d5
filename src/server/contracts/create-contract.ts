import 'server-only'
import { randomUUID } from 'node:crypto'
import * as rules from '@/domain'
import type { Actor, PlanEntry } from '@/domain/types'
import { now as clockNow } from '../clock'
import { CommandError } from '../errors'
import { toContractView, type ContractView } from './contract-view'
import { notify } from './notify'
import { persistOutcome } from './persist'
import { inTransaction } from './run-command'
import { prismaSql } from '../db/sql'

const partyFields = { id: true, email: true, name: true } as const

/**
 * The signed-in user hires the expert by email as client of a new contract. An expert with no
 * account yet gets one, so the invitation email's link lets them sign in.
 */
export async function createContract(input: { actor: Actor; title: string; expertEmail: string; milestones: PlanEntry[]; reviewDays?: number; requestDays?: number }): Promise<ContractView> {
  const expertEmail = input.expertEmail.trim().toLowerCase()
  const now = await clockNow()
  return inTransaction(async (tx) => {
    const client = await tx.user.findUnique({ where: { id: input.actor.userId }, select: partyFields })
    if (!client) throw new CommandError('NOT_FOUND', 'Your account no longer exists.')
    const expert = await tx.user.upsert({ where: { email: expertEmail }, create: { email: expertEmail }, update: {}, select: partyFields })
    const result = rules.createContract(
      { clientId: client.id, expertId: expert.id, title: input.title, milestones: input.milestones, reviewDays: input.reviewDays, requestDays: input.requestDays },
      { now, newId: randomUUID },
    )
    if (!result.ok) throw CommandError.from(result.error)
    await persistOutcome(prismaSql(tx), null, result.value, client.id, now)
    const parties = { client, expert }
    await notify(prismaSql(tx), { contract: result.value.contract, parties, actorId: client.id, events: result.value.events, now })
    return toContractView(result.value.contract, parties, client.id, now)
  })
}
