import { vi } from 'vitest'
import { describeDisputes } from '../../api-suites/disputes'
import { inProcessApi } from './harness'

vi.mock('@/server/auth/session', () => import('./session-mock'))

// R21 against the route handlers in-process; tests/http/disputes.test.ts runs the same cases over HTTP.
describeDisputes(inProcessApi)
