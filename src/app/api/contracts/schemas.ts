import { z } from 'zod'
import type { Cents } from '@/domain/money'
import { safeText, storableText } from '../safe-text'
import { CONTRACTS_PAGE_SIZE, CONTRACTS_PAGE_SIZE_MAX, decodeContractCursor, type ContractCursor } from '@/server/contracts/contract-cursor'

/**
 * Shapes of the contract API's inputs. zod checks shape only; the rules (minimums, locks, dates in
 * the past) are the domain's, so their errors carry the rule's own code. Objects are strict: a
 * body cannot set what the rules own (state, funded amounts, roles).
 */

/** Integer cents, never negative; the $5 / $1,000,000 limits are rule R1's, checked by the domain. */
export const cents = z
  .number()
  .int()
  .nonnegative()
  .max(Number.MAX_SAFE_INTEGER)
  .transform((n) => n as Cents)

/** Ids are server-made UUIDs; the bound keeps hostile input small. */
export const id = storableText('Id').min(1).max(100)

export const planEntry = z.strictObject({
  id: id.optional(),
  // 200 characters: a title is a line in a list and an email subject.
  title: safeText({ label: 'Title' }).trim().min(1, 'Give the milestone a title.').max(200),
  // 5,000 characters: room for a task description, not for documents.
  description: safeText({ label: 'Description', multiline: true }).max(5000).optional(),
  amountCents: cents,
  dueDate: z.iso.date().nullable().optional(),
})

/** 500 upcoming milestones: far beyond real plans, and what the benchmark saves in one request. */
export const plan = z.array(planEntry).max(500)

export const contractParams = z.strictObject({ id })
export const milestoneParams = z.strictObject({ id, mid: id })
export const extensionRequestParams = z.strictObject({ id, eid: id })
export const changeRequestParams = z.strictObject({ id, rid: id })
/** R20: a plan version is a positive whole number, written in decimal. */
export const planVersionParams = z.strictObject({ id, version: z.string().regex(/^[1-9][0-9]{0,8}$/, 'A plan version is a whole number from 1.').transform(Number) })
export const disputeParams = z.strictObject({ id, did: id })
export const disputeOfferParams = z.strictObject({ id, did: id, oid: id })

/** GET /api/contracts?cursor=&limit=: the page after `cursor` (a nextCursor), of `limit` contracts. */
export const listContractsQuery = z.object({
  cursor: z
    .string()
    .max(200)
    .transform((cursor, ctx): ContractCursor => {
      const decoded = decodeContractCursor(cursor)
      if (!decoded) ctx.addIssue({ code: 'custom', message: 'Not a cursor this API gave out: send back a nextCursor as it came.' })
      return decoded ?? { createdAt: new Date(0), id: '' }
    })
    .optional()
    .describe('The nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(CONTRACTS_PAGE_SIZE_MAX).default(CONTRACTS_PAGE_SIZE).describe(`Contracts per page (default ${CONTRACTS_PAGE_SIZE})`),
})

/** R15/R19: contract settings in days, 1–30 (Escrow.com's inspection periods). */
const settingDays = z.number().int().min(1).max(30)

export const createContractBody = z.strictObject({
  title: safeText({ label: 'Title' }).trim().min(1, 'Give the contract a title.').max(200),
  expertEmail: z.email().max(254),
  milestones: plan.default([]),
  reviewDays: settingDays.default(14).describe('R15: the review window after a submission, in days'),
  requestDays: settingDays.default(7).describe('R19: how long a change request waits for an answer, in days'),
})
export type CreateContractBody = z.infer<typeof createContractBody>

export const savePlanBody = z.strictObject({ baseVersion: z.number().int().min(1), milestones: plan })
export type SavePlanBody = z.infer<typeof savePlanBody>

export const proposeChangesBody = z.strictObject({
  baseVersion: z.number().int().min(1),
  milestones: plan,
  // 2,000 characters: a note to the client, shown in the review page and the email.
  message: safeText({ label: 'Message', multiline: true }).trim().min(1, 'Tell the client what you changed and why.').max(2000),
})
export type ProposeChangesBody = z.infer<typeof proposeChangesBody>

/** R18: a counter-proposal has the shape of a request; either party may send one, so the words are neutral. */
export const counterChangesBody = z.strictObject({
  baseVersion: z.number().int().min(1),
  milestones: plan,
  // 2,000 characters, as a request's message.
  message: safeText({ label: 'Message', multiline: true }).trim().min(1, 'Say what you changed and why.').max(2000),
})
export type CounterChangesBody = z.infer<typeof counterChangesBody>

export const acceptChangesBody = z.strictObject({ milestones: plan.optional() })
export const declineChangesBody = z.strictObject({ reason: safeText({ label: 'Reason', multiline: true }).trim().max(1000).optional() })
export const emptyBody = z.strictObject({})

/** R15: an https link, at most 2,000 characters (the domain checks the scheme again). */
const httpsLink = storableText('Link')
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value)
      return url.protocol === 'https:' && url.username === '' && url.password === ''
    } catch {
      return false
    }
  }, 'Links must be https:// URLs.')

export const submitWorkBody = z.strictObject({
  // 5,000 characters: what was done and how to check it.
  message: safeText({ label: 'Message', multiline: true }).trim().min(1, 'Tell the client what you delivered.').max(5000),
  links: z.array(httpsLink).max(10).default([]),
})
export const requestWorkChangesBody = z.strictObject({
  message: safeText({ label: 'Message', multiline: true }).trim().min(1, 'Tell the expert what to change.').max(5000),
})
/** A reason is a sentence or a short paragraph: 1,000 characters. */
const reason = safeText({ label: 'Reason', multiline: true }).trim().min(1, 'Give a reason.').max(1000)
export const extendReviewBody = z.strictObject({ days: z.number().int().min(1).max(14), reason })
export const requestExtensionBody = z.strictObject({ days: z.number().int().min(1).max(90), reason })

export const releasePaymentBody = z.strictObject({ amountCents: cents })
export type ReleasePaymentBody = z.infer<typeof releasePaymentBody>

export const closeContractBody = z.strictObject({ refundCents: cents.optional() })

/** R24: which file the export answers with. Other query parameters are ignored, as links and caches add them. */
export const exportQuery = z.object({ format: z.enum(['csv', 'json']) })

export const leaveReviewBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  timelinessRating: z.number().int().min(1).max(5).nullable().optional(),
  comment: safeText({ label: 'Comment', multiline: true }).trim().max(2000).default(''),
})

/** R21: 5,000 characters, as a submission's message: room for the facts, not for documents. */
const statementText = (label: string, missing: string) => safeText({ label, multiline: true }).trim().min(1, missing).max(5000)

/** R21: opening a dispute and every offer: what the expert gets (0 ≤ releaseCents ≤ held, the domain checks the bound), and why. */
export const disputeOfferBody = z.strictObject({
  statement: statementText('Statement', 'Say what the disagreement is about.'),
  releaseCents: cents,
})

/** R21: the operator's decision: the amount released to the expert and the reason both parties read. */
export const decideDisputeBody = z.strictObject({
  releaseCents: cents,
  reason: statementText('Reason', 'Give the parties the reason for the decision.'),
})
