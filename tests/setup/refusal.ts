import { expect } from 'vitest'
import { CommandError } from '@/server/errors'

/** The code a service refused `promise` with; the test fails if it was not refused with a CommandError. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(CommandError)
  return (error as CommandError).code
}
