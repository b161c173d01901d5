// `npm run db:seed`: the demo accounts and contracts, on DATABASE_URL. Safe to run twice.
import { seedDemoData } from './seed-data'

const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL is not set. (npm run dev seeds the embedded database by itself.)')
  process.exit(1)
}
console.log((await seedDemoData(url)) ? 'Demo data seeded.' : 'Demo data already present; nothing changed.')
