import { vi } from 'vitest'
import { describeHostileInput } from '../../api-suites/hostile-input'
import { inProcessApi } from './harness'

vi.mock('@/server/auth/session', () => import('./session-mock'))

// Hostile input against the route handlers in-process: no build needed, and fast enough to raise
// HOSTILE_RUNS while changing a route. tests/http/hostile-input.test.ts sends the same cases over HTTP.
describeHostileInput(inProcessApi)
