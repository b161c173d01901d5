import { inject } from 'vitest'

// The server reads its configuration through getEnv(); point it at the run's test database.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.NEXTAUTH_SECRET ??= 'test-secret-test-secret-test-secret-0123'
process.env.APP_URL ??= 'http://localhost:3000'
