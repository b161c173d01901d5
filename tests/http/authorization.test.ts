import { describeAuthorization } from '../api-suites/authorization'
import { httpApi } from './http-client'

// The authorization matrix against the production build over real HTTP, with real session cookies.
describeAuthorization(httpApi)
