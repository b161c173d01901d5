import { vi } from 'vitest'
import { describeAuthorization } from '../../api-suites/authorization'
import { inProcessApi } from './harness'

vi.mock('@/server/auth/session', () => import('./session-mock'))

// The matrix against the route handlers in-process: no build needed, so it is the quick loop
// while changing a route. tests/http/authorization.test.ts runs the same cases over HTTP.
describeAuthorization(inProcessApi)
