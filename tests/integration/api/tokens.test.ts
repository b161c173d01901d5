import { vi } from 'vitest'
import { describeTokens } from '../../api-suites/tokens'
import { inProcessApi } from './harness'

vi.mock('@/server/auth/session', () => import('./session-mock'))

// R22 against the route handlers in-process; tests/http/tokens.test.ts runs the same cases over HTTP.
describeTokens(inProcessApi)
