// `npm run test:citus`: the database suites (citus: every command on one worker; integration:
// migrations, services, races, idempotency, the API; reliability: npm start, two instances, cut
// connections) on a fresh local Citus cluster (coordinator + 2 workers) with Tranche's tables
// distributed by contract. `npm run test:citus -- --project citus` runs one project, and
// `npm run test:citus -- --project citus tests/citus/single-worker.test.ts` one file of it.
import { spawnSync } from 'node:child_process'
import { isCitusInstalled, startCitusCluster } from './cluster'

if (!isCitusInstalled()) {
  console.error('Citus is not installed into PostgreSQL 15: run `bash ../shared/citus/build.sh` as root (about 2.5 minutes).')
  process.exit(1)
}
const cluster = await startCitusCluster()
console.log(`Citus cluster: coordinator ${cluster.url}, workers ${cluster.workers.join(', ')}`)
let status = 1
try {
  const projects = process.argv.includes('--project') ? [] : ['--project', 'citus', '--project', 'integration', '--project', 'reliability']
  const args = ['vitest', 'run', ...projects, ...process.argv.slice(2)]
  status = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: cluster.url, TEST_CITUS: '1' } }).status ?? 1
} finally {
  cluster.stop()
}
process.exit(status)
