// `npm run db:distribute`: places Tranche's tables on a Citus cluster (DATABASE_URL names the
// coordinator): reference tables, tables distributed and co-located by contract, then foreign keys.
// Idempotent; on plain PostgreSQL there is nothing to do. See SCALING.md.
import { distribute } from '../src/server/db/distribute'

const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL must name the Citus coordinator (run `npm run db:migrate` first).')
  process.exit(1)
}
const result = await distribute(url)
if (!result.citus) {
  console.log('Plain PostgreSQL (no citus extension): nothing to distribute.')
} else {
  console.log(`Distributed by contract: ${result.distributed.join(', ')}`)
  console.log(`Reference tables: ${result.reference.join(', ')}`)
  console.log(`Local to the coordinator: ${result.local.join(', ')}`)
}
