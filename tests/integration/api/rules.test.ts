import { vi } from 'vitest'
import { describeRepresentations } from '../../api-suites/representations'
import { describeRulesR1ToR7 } from '../../api-suites/rules-r1-r7'
import { describeRulesR8ToR14 } from '../../api-suites/rules-r8-r14'
import { inProcessApi } from './harness'
import { describeRulesR15ToR17 } from '../../api-suites/rules-r15-r17'

vi.mock('@/server/auth/session', () => import('./session-mock'))

// R1–R17 and the representations against the route handlers in-process (no build needed);
// tests/http/rules.test.ts runs the same cases over HTTP.
describeRepresentations(inProcessApi)
describeRulesR1ToR7(inProcessApi)
describeRulesR8ToR14(inProcessApi)
describeRulesR15ToR17(inProcessApi)
