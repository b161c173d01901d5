import { inject } from 'vitest'

// The server reads its configuration through getEnv(); point it at the run's test database.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.NEXTAUTH_SECRET ??= 'test-secret-test-secret-test-secret-0123'
process.env.APP_URL ??= 'http://localhost:3000'
// The API suites drive thousands of writes as a few users; the limits themselves are tested with
// small ones (api-rate-limit.test.ts) and, with the route wiring, over HTTP (production-start).
process.env.WRITE_RATE_LIMIT_PER_MINUTE ??= '1000000'
process.env.INVITE_RATE_LIMIT_PER_HOUR ??= '1000000'
// R21: the operators of the in-process suites (tests/factories createOperator); the http suite's
// server has the demo's operator@example.com instead.
process.env.OPERATOR_EMAILS ??= 'operator-1@test.tranche,operator-2@test.tranche'
