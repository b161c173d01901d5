import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// A non-UTC zone east of UTC, so a deadline computed with the local clock instead of the
// domain's calendar shows up as a wrong day (as rallly runs its suite).
process.env.TZ = 'Pacific/Auckland'

const alias = {
  '@': fileURLToPath(new URL('./src', import.meta.url)),
  // Tests import server modules directly, outside Next's react-server build.
  'server-only': fileURLToPath(new URL('./node_modules/server-only/empty.js', import.meta.url)),
}

export default defineConfig({
  resolve: { alias },
  test: {
    coverage: {
      provider: 'v8',
      include: ['src/domain/**'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 95, branches: 95, functions: 95, statements: 95 },
    },
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], setupFiles: ['tests/setup/fail-on-console-error.ts'] },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          setupFiles: ['tests/setup/integration-env.ts', 'tests/setup/fail-on-console-error.ts'],
          globalSetup: ['tests/setup/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        // Only on a Citus cluster: `npm run test:citus` runs it (never part of `npm test`).
        test: {
          name: 'citus',
          include: ['tests/citus/**/*.test.ts'],
          setupFiles: ['tests/setup/integration-env.ts', 'tests/setup/fail-on-console-error.ts'],
          globalSetup: ['tests/setup/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'reliability',
          include: ['tests/reliability/**/*.test.ts'],
          setupFiles: ['tests/setup/integration-env.ts', 'tests/setup/fail-on-console-error.ts'],
          globalSetup: ['tests/setup/production-build.ts', 'tests/setup/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          // Black-box: the authorization matrix, the rules and hostile input against the production
          // build over real HTTP with real session cookies. One server for the whole project, so
          // files run one at a time (one of them revokes a demo account's sessions).
          name: 'http',
          include: ['tests/http/**/*.test.ts'],
          setupFiles: ['tests/setup/integration-env.ts', 'tests/setup/fail-on-console-error.ts'],
          globalSetup: ['tests/setup/production-build.ts', 'tests/setup/global-setup.ts', 'tests/setup/http-server.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
