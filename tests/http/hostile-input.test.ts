import { describeHostileInput } from '../api-suites/hostile-input'
import { httpApi } from './http-client'

// Hostile input as bytes on the wire to the production build: what an attacker's client can send.
describeHostileInput(httpApi)
