import type { Action } from '../../src/domain/allowed-actions'
import type { PlanEntry } from '../../src/domain/types'
import { expectCounter, expectPropose, expectSave } from './model-plan'
import * as ref from './model-reference'

/**
 * The reference model's own answer to "what may this person do now" (PRODUCT.md, allowedActions:
 * what the caller may do now): an action is allowed exactly when the model expects its command,
 * with an ordinary input, to succeed. Computed without asking the domain anything.
 */

const asEntries = (m: ref.Model): PlanEntry[] =>
  ref.upcoming(m).map((x) => ({ id: x.id, title: x.title, description: x.description, amountCents: x.amount as PlanEntry['amountCents'], dueDate: x.dueDate }))

/** Each action, and whether the model expects its command to succeed for `who` now. */
function modelSucceeds(m: ref.Model, who: ref.Who, now: Date): Record<Action, boolean> {
  const ok = (answer: ref.Expectation | 'OK_CLOSE') => answer === 'OK'
  const plan = asEntries(m)
  // A proposal must change something: the plan with one more milestone does.
  const larger: PlanEntry[] = [...plan, { title: 'One more', description: '', amountCents: 500 as PlanEntry['amountCents'], dueDate: null }]
  const role = ref.roleOfWho(who)
  const current = ref.inProgress(m)
  return {
    EDIT_PLAN: ok(expectSave(m, who, m.version, plan, now)),
    PROPOSE_CHANGES: ok(expectPropose(m, who, m.version, larger, now)),
    // Reviewing a request means answering it; declining is the answer that always fits.
    REVIEW_CHANGES: ok(ref.expectRequestAnswer(m, who, 'answerer', m.request?.id ?? 'none')),
    WITHDRAW_CHANGES: ok(ref.expectRequestAnswer(m, who, 'author', m.request?.id ?? 'none')),
    // A counter must differ from the plan and from the proposal: one more milestone of another title does.
    COUNTER_CHANGES: ok(expectCounter(m, who, m.request?.id ?? 'none', m.version, larger, now)),
    FUND_MILESTONE: ok(ref.expectFund(m, who, ref.upcoming(m)[0]?.id ?? 'none')),
    SUBMIT_WORK: ok(ref.expectSubmit(m, who, current?.id ?? 'none')),
    RELEASE_PAYMENT: ok(ref.expectRelease(m, who, current?.id ?? 'none', 1)),
    // With money held the client proposes a settlement; with none, either party simply closes.
    PROPOSE_CLOSE: ok(ref.expectClose(m, who, 0)),
    CLOSE: ref.expectClose(m, who, undefined) === 'OK_CLOSE',
    ACCEPT_CLOSE: ok(ref.expectAnswerClose(m, who)),
    DECLINE_CLOSE: ok(ref.expectAnswerClose(m, who)),
    LEAVE_REVIEW: ok(ref.expectReview(m, who, 5, role === 'CLIENT' ? 5 : null)),
    // R21: the model's command sequences open no disputes, so either party may open one about the
    // milestone in progress unless a close settlement waits or its review window has ended (the
    // auto-release is due); there is never one to answer.
    OPEN_DISPUTE: m.open && role !== null && current !== undefined && !m.proposal && (current.reviewEnds === null || now.getTime() < current.reviewEnds),
    ANSWER_DISPUTE: false,
    ESCALATE_DISPUTE: false,
    REQUEST_CHANGES: ok(ref.expectAnswerSubmission(m, who, 'CLIENT', current?.id ?? 'none', now)),
    WITHDRAW_SUBMISSION: ok(ref.expectAnswerSubmission(m, who, 'EXPERT', current?.id ?? 'none', now)),
    EXTEND_REVIEW: ok(ref.expectExtendReview(m, who, current?.id ?? 'none', 1, now)),
    REQUEST_EXTENSION: ok(ref.expectRequestExtension(m, who, current?.id ?? 'none', 1, now)),
    ANSWER_EXTENSION: ok(ref.expectAnswerExtension(m, who, current?.ext?.id ?? 'none', now)),
  }
}

/** The actions the model allows `who`, sorted by name. */
export function modelAllowedActions(m: ref.Model, who: ref.Who, now: Date): Action[] {
  const succeeds = modelSucceeds(m, who, now)
  return (Object.keys(succeeds) as Action[]).filter((action) => succeeds[action]).sort()
}
