import { todayAoE } from '@/domain/dates'
import { MAX_MILESTONE_CENTS, MIN_MILESTONE_CENTS, parseDollars, type Cents } from '@/domain/money'
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH, PLAN_RULE_MESSAGES } from '@/domain/plan'

export type MilestoneInput = { title: string; description: string; amount: string; dueDate: string }
export type MilestoneErrors = Partial<Record<keyof MilestoneInput, string>>
export type ValidMilestone = { title: string; description: string; amountCents: Cents; dueDate: string | null }

/**
 * The plan rules checked as the user types, in the rules' own words (R1 minimum and maximum, R10 no
 * past due date). The server checks them again; this only saves a round trip. `savedDueDate` is
 * the milestone's current due date: one that has passed since it was set may stay.
 */
export function validateMilestone(input: MilestoneInput, savedDueDate: string | null = null): { value?: ValidMilestone; errors: MilestoneErrors } {
  const errors: MilestoneErrors = {}
  const title = input.title.trim()
  if (title === '') errors.title = 'Give the milestone a title.'
  else if ([...title].length > MAX_TITLE_LENGTH) errors.title = `At most ${MAX_TITLE_LENGTH} characters.`
  if ([...input.description].length > MAX_DESCRIPTION_LENGTH) errors.description = `At most ${MAX_DESCRIPTION_LENGTH} characters.`
  let amountCents: Cents | undefined
  if (input.amount.trim() === '') errors.amount = 'Enter an amount, e.g. 250.00.'
  else {
    const parsed = parseDollars(input.amount)
    if (!parsed.ok) errors.amount = parsed.error.message
    else if (parsed.value < MIN_MILESTONE_CENTS) errors.amount = PLAN_RULE_MESSAGES.AMOUNT_BELOW_MINIMUM
    else if (parsed.value > MAX_MILESTONE_CENTS) errors.amount = PLAN_RULE_MESSAGES.AMOUNT_ABOVE_MAXIMUM
    else amountCents = parsed.value
  }
  const dueDate = input.dueDate.trim() === '' ? null : input.dueDate.trim()
  if (dueDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(dueDate)) errors.dueDate = 'Pick a day.'
  else if (dueDate !== null && dueDate !== savedDueDate && dueDate < todayAoE(new Date())) errors.dueDate = PLAN_RULE_MESSAGES.DUE_DATE_IN_PAST
  if (Object.keys(errors).length > 0 || amountCents === undefined) return { errors }
  return { errors, value: { title, description: input.description, amountCents, dueDate } }
}

/** Cents as the amount field shows them: "1250.00". */
export function centsToInput(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
}
