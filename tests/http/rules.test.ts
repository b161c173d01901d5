import { describeRepresentations } from '../api-suites/representations'
import { describeRulesR1ToR7 } from '../api-suites/rules-r1-r7'
import { describeRulesR8ToR14 } from '../api-suites/rules-r8-r14'
import { httpApi } from './http-client'
import { describeRulesR15ToR17 } from '../api-suites/rules-r15-r17'

// R1–R17 and the representations against the production build over real HTTP, as the demo accounts.
describeRepresentations(httpApi)
describeRulesR1ToR7(httpApi)
describeRulesR8ToR14(httpApi)
describeRulesR15ToR17(httpApi)
