import 'server-only'

/**
 * The seeded accounts that demo sign-in (DEMO_MODE=1) accepts, and nothing else: the demo
 * provider signs in without proof of owning the address, so it must never reach a real account.
 * `prisma/seed.ts` seeds exactly these.
 */
export const DEMO_ACCOUNTS = ['alice@example.com', 'bob@example.com', 'carol@example.com', 'operator@example.com'] as const

/** R21: the demo's operator, an operator whenever DEMO_MODE=1 (besides OPERATOR_EMAILS). */
export const DEMO_OPERATOR = 'operator@example.com'

export type DemoAccount = (typeof DEMO_ACCOUNTS)[number]
