// `npm run db:migrate`: applies pending migrations to DATABASE_URL with our Prisma-compatible runner.
import { migrate } from '../src/server/db/migrate'

const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL is not set. (npm run dev migrates the embedded database by itself.)')
  process.exit(1)
}
const applied = await migrate({ connectionString: url, migrationsDir: 'prisma/migrations' })
console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Database is up to date.')
