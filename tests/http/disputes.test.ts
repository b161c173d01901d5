import { describeDisputes } from '../api-suites/disputes'
import { httpApi } from './http-client'

// R21 against the production build over real HTTP, as the demo accounts and the demo's operator.
describeDisputes(httpApi)
