import { describeWebhookApi } from '../api-suites/webhooks'
import { httpApi } from './http-client'

// R23's API against the production build over real HTTP, as the demo accounts.
describeWebhookApi(httpApi)
