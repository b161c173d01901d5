import { z } from 'zod'

/** Ten years in one step is far past any review window; a bigger number is a typo. */
const MAX_ADVANCE_MS = 10 * 366 * 24 * 60 * 60_000

/** `POST /api/dev/clock`: how far to move the application clock forward, in whole milliseconds. */
export const advanceClockBody = z.strictObject({ advanceMs: z.number().int().positive().max(MAX_ADVANCE_MS) })
