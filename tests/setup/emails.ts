import type { PrismaClient } from '@/generated/prisma/client'
import { toEmailRow, type EmailRow } from '@/server/mail/outbox'

/** EMAIL jobs read as the emails they carry, oldest first (the outbox as the tests speak of it). */
export async function findEmails(db: PrismaClient, where: { contractId?: string; to?: string | readonly string[]; ids?: readonly string[] }): Promise<EmailRow[]> {
  const to = where.to === undefined ? undefined : typeof where.to === 'string' ? [where.to] : where.to
  const jobs = await db.job.findMany({
    where: {
      kind: 'EMAIL',
      ...(where.contractId !== undefined ? { contractId: where.contractId } : {}),
      ...(where.ids ? { id: { in: [...where.ids] } } : {}),
      ...(to ? { OR: to.map((address) => ({ payload: { path: ['to'], equals: address } })) } : {}),
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })
  return jobs.map(toEmailRow)
}
