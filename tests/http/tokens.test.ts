import { describeTokens } from '../api-suites/tokens'
import { httpApi } from './http-client'

// R22 against the production build over real HTTP: real bearer headers, real session cookies beside them.
describeTokens(httpApi)
