import { beforeEach, vi, type MockInstance } from 'vitest'

/**
 * An unexpected console.error is a bug the test did not notice, so it fails the test (as in
 * epic-stack's setup-test-env). A test that expects one calls
 * `consoleError.mockImplementation(() => {})` first.
 */
export let consoleError: MockInstance<(...args: unknown[]) => void>

beforeEach(() => {
  const original = console.error
  consoleError = vi.spyOn(console, 'error')
  consoleError.mockImplementation((...args: unknown[]) => {
    original(...args)
    throw new Error('console.error was called. Call consoleError.mockImplementation() if this is expected.')
  })
})
